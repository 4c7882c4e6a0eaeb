"""python -m exchange.matching solve INSTANCE.json [--time-limit SECONDS]"""

import argparse
import json
import sys

from exchange.matching.engine import InstanceError, solve_json


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m exchange.matching")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("solve", help="solve an instance file ('-' for standard input)")
    run.add_argument("instance")
    run.add_argument("--time-limit", type=float, default=300.0)
    args = parser.parse_args(argv)
    try:
        if args.instance == "-":
            text = sys.stdin.read()
        else:
            with open(args.instance, encoding="utf-8") as handle:
                text = handle.read()
    except OSError as error:
        print(f"error: cannot read {args.instance}: {error.strerror}", file=sys.stderr)
        return 2
    try:
        result = solve_json(text, time_limit=args.time_limit)
    except InstanceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
