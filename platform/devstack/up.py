"""./tvaers up: the port, the database, migrations, the demo, then web,
worker and beat until Ctrl-C (or SIGTERM)."""

import contextlib
import errno
import os
import signal
import socket
import subprocess
import sys
import time
from typing import TextIO

from devstack.banner import banner_lines
from devstack.console import Console, Stopped, box
from devstack.env import LOG_DIR, MAIL_DIR, PYTHON, ROOT, VAR, child_env, prepare_var_dirs, shown
from devstack.postgres import database_url
from devstack.processes import Child, Supervisor, rotate

STEPS = 4
# Web, worker and beat are usually ready in a few seconds; on a busy machine
# the box comes anyway after this, with a word about it.
READY_TIMEOUT = 60.0


class Failed(Exception):
    """A step failed or a process exited; the console has said why."""


def port_problem(host: str, port: int) -> str | None:
    """Why the web server could not listen on ``host:port``, or None. Binds
    as gunicorn does (SO_REUSEADDR), so only a listening socket counts."""
    family, _type, _proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[
        0
    ]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                return f"cannot listen on {host}:{port}: {exc.strerror}"
            free = next((p for p in range(port + 1, port + 100) if _free(host, p)), port + 1)
            return f"port {port} is in use — try ./tvaers up --port {free}"
    return None


def _free(host: str, port: int) -> bool:
    try:
        return port_problem(host, port) is None
    except OSError:
        return False


class Up:
    def __init__(self, args):
        self.args = args
        self.console = Console()
        self.started = time.monotonic()
        # Set by the signal handler, read by the main loop: a plain value, as
        # a handler must take no lock (it may interrupt the holder of one).
        self.stop_requested: float | None = None
        self.supervisor: Supervisor | None = None
        self.current: subprocess.Popen | None = None  # the manage.py command of a step

    def run(self) -> int:
        problem = port_problem(self.args.host, self.args.port)
        if problem:
            print(problem, file=sys.stderr)
            return 1
        prepare_var_dirs()
        # Both set explicitly: a shell starting this in the background leaves
        # SIGINT ignored, and Python then installs no KeyboardInterrupt.
        signal.signal(signal.SIGINT, self._on_signal)
        signal.signal(signal.SIGTERM, self._on_signal)
        server = None
        try:
            with self.console.step(1, STEPS, "starting the database") as step:
                url, server = database_url(VAR)
                step.details.append(
                    "DATABASE_URL is set: using that server"
                    if server is None
                    else f"embedded PostgreSQL in {shown(server.data_dir)}"
                )
            self._check_stop()
            env = child_env(
                DATABASE_URL=url,
                DJANGO_SETTINGS_MODULE=os.environ.get(
                    "DJANGO_SETTINGS_MODULE", "config.settings.local"
                ),
                TVAERS_PUBLIC_PORT=os.environ.get("TVAERS_PUBLIC_PORT", str(self.args.port)),
            )
            self._prepare(env)
            self._start(env)
            return self._serve()
        except Stopped:
            self.console.say("stopping…")
            return 0
        except Failed:
            return 1
        finally:
            if self.supervisor is not None:
                self.supervisor.stop()
            if server is not None and not server.stop():
                self.console.say("the embedded PostgreSQL keeps running for another ./tvaers")
            if self.stop_requested is not None:
                self.console.say(f"stopped ({time.monotonic() - self.stop_requested:.1f} s).")

    def _on_signal(self, _signum, _frame) -> None:
        if self.stop_requested is not None:
            # A second Ctrl-C: no more waiting for anything.
            if self.supervisor is not None:
                self.supervisor.kill()
            return
        self.stop_requested = time.monotonic()
        if self.current is not None:
            with contextlib.suppress(ProcessLookupError):
                self.current.send_signal(signal.SIGTERM)

    def _stopping(self) -> bool:
        return self.stop_requested is not None

    def _check_stop(self) -> None:
        if self._stopping():
            raise Stopped

    def _prepare(self, env: dict[str, str]) -> None:
        with rotate(LOG_DIR / "setup.log") as log:
            with self.console.step(2, STEPS, "migrating"):
                self._manage(env, log, "migrate_municipalities", "--verbosity", "0")
                self._manage(env, log, "createcachetable")
            with self.console.step(3, STEPS, "seeding the demo") as step:
                if self.args.no_demo:
                    step.result = "skipped (--no-demo)"
                else:
                    step.details += self._manage(env, log, "seed_demo", "--match")

    def _manage(self, env: dict[str, str], log: TextIO, *args: str) -> list[str]:
        """Run a manage.py command. Everything it prints goes to the setup
        log; its own lines (stdout) are returned for the console."""
        self._check_stop()
        log.write(f"$ manage.py {' '.join(args)}\n")
        log.flush()
        self.current = subprocess.Popen(
            [PYTHON, str(ROOT / "manage.py"), *args],
            env=env,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            start_new_session=True,  # Ctrl-C reaches ./tvaers, which stops it
        )
        out, _ = self.current.communicate()
        code, self.current = self.current.returncode, None
        log.write(out)
        log.flush()
        self._check_stop()
        if code != 0:
            where = shown(LOG_DIR / "setup.log")
            tail = (LOG_DIR / "setup.log").read_text(errors="replace").splitlines()[-12:]
            self.console.say(f"manage.py {args[0]} failed (exit code {code}); the end of {where}:")
            for line in tail:
                self.console.say(f"  {line}")
            raise Failed(args[0])
        return [line for line in out.splitlines() if line.strip()]

    def _start(self, env: dict[str, str]) -> None:
        with self.console.step(4, STEPS, "starting web, worker and beat") as step:
            self.supervisor = Supervisor(self.console, env, LOG_DIR)
            for name, command, ready_when in self._commands():
                self.supervisor.start(name, command, ready_when)
            ready = self.supervisor.wait_ready(READY_TIMEOUT, self._stopping)
            self._check_stop()
            if gone := self.supervisor.exited():
                raise self._exited(gone)
            if not ready:
                step.details.append(f"not all ready after {READY_TIMEOUT:.0f} s; see the logs")
        logs = ", ".join(f"{name}.log" for name in ("web", "worker", "beat"))
        lines = banner_lines(
            port=self.args.port,
            seconds=time.monotonic() - self.started,
            demo=not self.args.no_demo,
            logs=f"{shown(LOG_DIR)}/ ({logs})",
            mail=f"{shown(MAIL_DIR)}/",
        )
        self.console.say(box(lines))

    def _commands(self) -> list[tuple[str, list[str], str]]:
        """(name, command, a line that says it is ready) for each process."""
        celery = [PYTHON, "-m", "celery", "-A", "config"]
        return [
            (
                "web",
                [
                    *(PYTHON, "-m", "gunicorn", "config.wsgi:application"),
                    *("--bind", f"{self.args.host}:{self.args.port}", "--workers", "2"),
                    *("--access-logfile", "-", "--graceful-timeout", "3"),
                    # Its control socket would be one per user, shared by every checkout.
                    "--no-control-socket",
                ],
                "Booting worker",
            ),
            (
                "worker",
                [
                    *(*celery, "worker", "-l", "info", "--concurrency", "2"),
                    # Threads, and none of the talk between workers (there is
                    # one): it stops in about 2 s instead of 6 with prefork.
                    # Production (deploy/Procfile) keeps the prefork pool.
                    *("--pool", "threads", "--without-mingle", "--without-gossip"),
                    "--without-heartbeat",
                ],
                " ready.",
            ),
            ("beat", [*celery, "beat", "-l", "info"], "beat: Starting..."),
        ]

    def _serve(self) -> int:
        while not self._stopping():
            time.sleep(0.1)
            if gone := self.supervisor.exited():
                raise self._exited(gone)
            if report := self.supervisor.mail.report():
                self.console.say(report)
        raise Stopped

    def _exited(self, child: Child) -> Failed:
        self.stop_requested = time.monotonic()
        self.console.say(
            f"{child.name} exited with code {child.proc.returncode} — see "
            f"{shown(child.log_path)}; stopping…"
        )
        return Failed(child.name)
