"""python -m devstack {up|test|manage|bench} — see ./tvaers and the README."""

import argparse
import logging
import os
import signal
import subprocess
import sys

from devstack.env import PYTHON, ROOT, VAR, child_env, prepare_var_dirs, shown
from devstack.postgres import database_url
from devstack.up import Up


def run_with_database(command: list[str], settings: str) -> int:
    """``command`` against DATABASE_URL, or the embedded PostgreSQL (started
    for it and stopped after it unless another ./tvaers still uses it)."""
    prepare_var_dirs()
    url, server = database_url(VAR)
    if server is not None:
        print(f"tvaers: embedded PostgreSQL in {shown(server.data_dir)}", file=sys.stderr)
    try:
        env = child_env(DATABASE_URL=url, DJANGO_SETTINGS_MODULE=settings)
        # Ctrl-C reaches the command too (same process group): let it finish
        # on its own (pytest drops its test database) before the server stops.
        signal.signal(signal.SIGINT, lambda *_: None)
        proc = subprocess.Popen(command, env=env, cwd=ROOT)
        signal.signal(signal.SIGTERM, lambda *_: proc.send_signal(signal.SIGTERM))
        return proc.wait()
    finally:
        if server is not None:
            server.stop()


def main(argv: list[str]) -> int:
    # pgserver reports every step at INFO; only its warnings matter here.
    logging.basicConfig(level=logging.WARNING, format="tvaers: %(name)s: %(message)s")
    parser = argparse.ArgumentParser(prog="tvaers")
    sub = parser.add_subparsers(dest="command", required=True)
    p_up = sub.add_parser("up", help="run the whole platform with demo data")
    p_up.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    p_up.add_argument("--host", default=os.environ.get("BIND_HOST", "127.0.0.1"))
    p_up.add_argument("--no-demo", action="store_true", help="do not seed the demo data")
    sub.add_parser("test", help="run the test suite (extra arguments go to pytest)")
    sub.add_parser("manage", help="run a manage.py command against the database")
    sub.add_parser("bench", help="run a benchmark script from bench/")
    args, rest = parser.parse_known_args(argv)
    if args.command == "up":
        if rest:
            parser.error(f"unrecognised arguments: {' '.join(rest)}")
        return Up(args).run()
    if args.command == "test":
        return run_with_database([PYTHON, "-m", "pytest", *rest], "config.settings.test")
    if args.command == "manage":
        return run_with_database(
            [PYTHON, str(ROOT / "manage.py"), *rest],
            os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.local"),
        )
    if args.command == "bench":
        if not rest:
            parser.error("name a benchmark script, e.g. bench/provisioning.py")
        return run_with_database([PYTHON, *rest], "config.settings.local")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
