"""python -m exchange.matching solve INSTANCE.json [--time-limit SECONDS] [--workers N]"""

import argparse
import json
import sys

from exchange.matching.engine import InstanceError, solve_json


def _refuse(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m exchange.matching")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("solve", help="solve an instance file ('-' for standard input)")
    run.add_argument("instance")
    run.add_argument("--time-limit", type=float, default=300.0, help="seconds (default 300)")
    run.add_argument(
        "--workers", type=int, default=None, help="threads (default: one per core, at most two)"
    )
    args = parser.parse_args(argv)
    if not args.time_limit > 0:  # also refuses nan
        return _refuse(f"--time-limit must be a number of seconds above 0, not {args.time_limit}")
    if args.workers is not None and args.workers < 1:
        return _refuse(f"--workers must be at least 1, not {args.workers}")
    try:
        if args.instance == "-":
            text = sys.stdin.read()
        else:
            with open(args.instance, encoding="utf-8") as handle:
                text = handle.read()
    except OSError as error:
        return _refuse(f"cannot read {args.instance}: {error.strerror}")
    try:
        result = solve_json(text, time_limit=args.time_limit, workers=args.workers)
    except InstanceError as error:
        return _refuse(str(error))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
