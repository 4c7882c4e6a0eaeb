import io
import os
import re
import socket
import subprocess
import sys
import time

from devstack.banner import banner_lines
from devstack.console import Console
from devstack.env import ROOT, shown
from devstack.processes import MailCount, Supervisor
from devstack.up import port_problem


def _env(var_dir) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PORT"}}
    env["PYTHONPATH"] = f"{ROOT / 'platform'}:{ROOT}"
    env["TVAERS_VAR_DIR"] = str(var_dir)
    return env


def test_a_busy_port_is_refused_before_the_database_starts(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "devstack", "up", "--port", str(port)],
            env=_env(tmp_path),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert (result.returncode, result.stdout) == (1, "")
    match = re.fullmatch(rf"port {port} is in use — try ./tvaers up --port (\d+)\n", result.stderr)
    assert match, result.stderr
    assert port_problem("127.0.0.1", int(match[1])) is None  # the port it offers is free
    assert list(tmp_path.iterdir()) == []  # no database, no log: nothing had started
    assert time.monotonic() - started < 10


def test_a_free_port_is_no_problem():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert port_problem("127.0.0.1", port) is None


def test_the_box_fits_a_terminal_and_names_the_sites():
    lines = banner_lines(port=8001, seconds=31.4, demo=True, logs="var/log/", mail="var/mail/")
    assert max(len(line) for line in lines) <= 76
    assert lines[:8] == [
        "Tværs is running (ready in 31 s)",
        "",
        "shared site   http://localhost:8001/",
        "Vejle         http://vejle.localhost:8001/",
        "other sites   http://<slug>.localhost:8001/ with <slug> one of",
        "              haderslev, vejen, fredericia, kolding, billund or middelfart",
        "API docs      http://localhost:8001/api/v1/docs/",
        "health        http://localhost:8001/healthz and /readyz",
    ]
    assert "Demo logins, password tvaers-demo" in lines
    assert "Logs of web, worker and beat: var/log/" in lines


def test_the_console_gets_the_errors_the_log_gets_everything(tmp_path):
    """A process's output goes to its log file; the console gets its errors
    (the exception of a traceback, not the traceback) and the mail count."""
    out = io.StringIO()
    supervisor = Supervisor(Console(out), _env(tmp_path), tmp_path)
    script = "\n".join(
        [
            "print('[2026-12-06 05:00:55: INFO/MainProcess] celery@vm ready.')",
            "print('[2026-12-06 05:00:56: WARNING/MainProcess] only for the log')",
            "print('[2026-12-06 05:00:57: INFO/ForkPoolWorker-1] mail: 2 messages written to var/mail/')",
            "print('[2026-12-06 05:00:58: ERROR/MainProcess] Task x[1] raised: boom')",
            "print('Traceback (most recent call last):')",
            "print('  File \"x.py\", line 1, in <module>')",
            "print('ValueError: boom')",
        ]
    )
    child = supervisor.start("worker", [sys.executable, "-c", script], " ready.")
    child.proc.wait(timeout=30)
    child.pump.join(timeout=5)

    assert child.ready.is_set()
    assert supervisor.exited() is child
    assert (tmp_path / "worker.log").read_text().count("\n") == 7
    shown_log = shown(tmp_path / "worker.log")
    assert out.getvalue().splitlines() == [
        f"worker: [2026-12-06 05:00:58: ERROR/MainProcess] Task x[1] raised: boom (see {shown_log})",
        f"worker: ValueError: boom (traceback in {shown_log})",
    ]
    assert (supervisor.mail.new, supervisor.mail.total) == (2, 2)


def test_mail_is_counted_once_a_burst_is_over(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    count = MailCount()
    count.add(1, "var/mail/")
    count.add(3, "var/mail/")
    assert count.report() is None  # still coming
    clock[0] += MailCount.QUIET
    assert count.report() == "mail: 4 messages written to var/mail/"
    assert count.report() is None
    count.add(1, "var/mail/")
    clock[0] += MailCount.QUIET
    assert count.report() == "mail: 1 message written to var/mail/ (5 since start)"
