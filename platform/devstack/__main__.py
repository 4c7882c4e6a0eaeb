"""python -m devstack {up|test|manage|bench} — see ./tvaers and the README."""

import argparse
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from devstack.postgres import database_url

ROOT = Path(__file__).resolve().parents[2]
VAR = Path(os.environ.get("TVAERS_VAR_DIR", ROOT / "var"))
PYTHON = sys.executable
logger = logging.getLogger("devstack")


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "platform"), str(ROOT), *filter(None, [env.get("PYTHONPATH")])]
    )
    env["TVAERS_VAR_DIR"] = str(VAR)
    env.update(extra)
    return env


def prepare_var_dirs() -> None:
    """Folders of the embedded broker and result store (kombu's filesystem
    transport and Celery's file backend need them to exist)."""
    for folder in ("broker/queue", "broker/control", "celery-results", "mail"):
        (VAR / folder).mkdir(parents=True, exist_ok=True)


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


def _pump(name: str, stream) -> None:
    for line in iter(stream.readline, ""):
        sys.stdout.write(f"{name:>6} | {line}")
        sys.stdout.flush()


def up(args) -> int:
    url, server = database_url(VAR)
    port = str(args.port)
    env = child_env(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.local"),
        TVAERS_PUBLIC_PORT=os.environ.get("TVAERS_PUBLIC_PORT", port),
    )
    prepare_var_dirs()
    processes: list[tuple[str, subprocess.Popen]] = []
    try:
        print("Preparing the database (migrations, demo data)…", flush=True)
        manage(env, "migrate_municipalities", "--verbosity", "0")
        manage(env, "createcachetable")
        if not args.no_demo:
            manage(env, "seed_demo", "--match")
        commands = {
            "web": [
                PYTHON,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"{args.host}:{port}",
                "--workers",
                "2",
                "--access-logfile",
                "-",
            ],
            "worker": [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-l",
                "info",
                "--concurrency",
                "2",
            ],
            "beat": [PYTHON, "-m", "celery", "-A", "config", "beat", "-l", "info"],
        }
        for name, command in commands.items():
            proc = subprocess.Popen(
                command,
                env=env,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                start_new_session=True,
            )
            threading.Thread(target=_pump, args=(name, proc.stdout), daemon=True).start()
            processes.append((name, proc))
        print(
            f"\nTværs is running:\n  shared site   http://localhost:{port}/\n"
            f"  Vejle         http://vejle.localhost:{port}/\n"
            f"  API docs      http://localhost:{port}/api/v1/docs/\n"
            "Demo logins are in the README. Press Ctrl-C to stop.\n",
            flush=True,
        )
        stop = threading.Event()
        # Both set explicitly: a shell starting this in the background leaves
        # SIGINT ignored, and Python then installs no KeyboardInterrupt.
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        try:
            while not stop.is_set():
                for name, proc in processes:
                    if proc.poll() is not None:
                        print(f"{name} exited with {proc.returncode}; stopping.", flush=True)
                        stop.set()
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        return 0
    finally:
        for _name, proc in processes:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for _name, proc in processes:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        if server is not None:
            server.stop()
            print("Embedded PostgreSQL stopped.", flush=True)


def run_with_database(command: list[str], settings: str) -> int:
    url, server = database_url(VAR)
    try:
        env = child_env(DATABASE_URL=url, DJANGO_SETTINGS_MODULE=settings)
        return subprocess.run(command, env=env, cwd=ROOT).returncode
    finally:
        if server is not None:
            server.stop()


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="devstack: %(message)s")
    logging.getLogger("pgserver").setLevel(logging.WARNING)
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
        return up(args)
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
