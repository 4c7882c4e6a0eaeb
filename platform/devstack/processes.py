"""The long-running processes of ./tvaers up (web, worker, beat). Each one's
output goes to its own file under var/log/; the console gets only what
matters: errors, a process that exits, and how many mails were written."""

import contextlib
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from devstack.console import Console
from devstack.env import ROOT, shown

# Log lines at these levels, as gunicorn ("[ERROR]"), Celery ("ERROR/MainProcess")
# and Django's plain format ("… ERROR django.request: …") write them.
ALARM = re.compile(r"\[(ERROR|CRITICAL)\]|\b(ERROR|CRITICAL)/|\s(ERROR|CRITICAL)\s")
# notifications.backends.EmailBackend's count.
MAIL = re.compile(r"mail: (\d+) messages? written to (\S+)")
TRACEBACK = "Traceback (most recent call last)"
LONGEST = 160


def rotate(path: Path) -> TextIO:
    """A fresh log file for this run; the previous run's is kept as .1."""
    if path.exists():
        path.replace(path.with_name(path.name + ".1"))
    return path.open("w", encoding="utf-8", errors="replace")


def short(text: str) -> str:
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


@dataclass
class Child:
    name: str
    proc: subprocess.Popen
    log_path: Path
    ready_when: str  # a line containing this means the process is ready
    ready: threading.Event = field(default_factory=threading.Event)
    pump: threading.Thread | None = None


class MailCount:
    """Mails written, summed over every process and reported once a burst
    is over (the demo's first minute writes dozens, one task each)."""

    QUIET = 3.0  # seconds without a new mail that end a burst
    LONGEST = 30.0  # seconds a report waits at most, in a steady stream

    def __init__(self):
        self._lock = threading.Lock()
        self.new = 0
        self.total = 0
        self.folder = ""
        self._last_mail = self._last_report = time.monotonic()

    def add(self, count: int, folder: str) -> None:
        with self._lock:
            self.new += count
            self.total += count
            self.folder = folder
            self._last_mail = time.monotonic()

    def report(self) -> str | None:
        """A line for the console when a burst is over, else None."""
        with self._lock:
            now = time.monotonic()
            over = now - self._last_mail >= self.QUIET or now - self._last_report >= self.LONGEST
            if not self.new or not over:
                return None
            noun = "message" if self.new == 1 else "messages"
            line = f"mail: {self.new} {noun} written to {self.folder}"
            if self.total != self.new:
                line += f" ({self.total} since start)"
            self.new = 0
            self._last_report = now
            return line


class Supervisor:
    def __init__(self, console: Console, env: dict[str, str], log_dir: Path):
        self.console = console
        self.env = env
        self.log_dir = log_dir
        self.children: list[Child] = []
        self.mail = MailCount()

    def start(self, name: str, command: list[str], ready_when: str) -> Child:
        log_path = self.log_dir / f"{name}.log"
        log = rotate(log_path)
        proc = subprocess.Popen(
            command,
            env=self.env,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            # Its own process group: Ctrl-C in the terminal reaches only
            # ./tvaers, which then stops each process in order.
            start_new_session=True,
        )
        child = Child(name=name, proc=proc, log_path=log_path, ready_when=ready_when)
        child.pump = threading.Thread(target=self._pump, args=(child, log), daemon=True)
        child.pump.start()
        self.children.append(child)
        return child

    def _pump(self, child: Child, log: TextIO) -> None:
        """Copy the process's output into its log; tell the console what matters."""
        where = shown(child.log_path)
        in_traceback = False
        with log:
            for line in iter(child.proc.stdout.readline, ""):
                log.write(line)
                log.flush()
                text = line.rstrip()
                if child.ready_when in text:
                    child.ready.set()
                if mail := MAIL.search(text):
                    self.mail.add(int(mail.group(1)), mail.group(2))
                elif in_traceback:
                    # The exception itself: the first line that is not indented.
                    if text and not text[0].isspace():
                        self.console.say(f"{child.name}: {short(text)} (traceback in {where})")
                        in_traceback = False
                elif TRACEBACK in text:
                    in_traceback = True
                elif ALARM.search(text):
                    self.console.say(f"{child.name}: {short(text)} (see {where})")

    def wait_ready(self, timeout: float, stopping: Callable[[], bool]) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not stopping():
            if all(child.ready.is_set() for child in self.children):
                return True
            if self.exited():
                return False
            time.sleep(0.1)
        return False

    def exited(self) -> Child | None:
        return next((child for child in self.children if child.proc.poll() is not None), None)

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM to each process's main process (gunicorn and Celery then
        stop their own workers, which a signal to the whole group would cut
        short); what is left after ``grace`` seconds is killed, group and all."""
        for child in self.children:
            if child.proc.poll() is None:
                child.proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for child in self.children:
            try:
                child.proc.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.console.say(f"{child.name} did not stop within {grace:.0f} s; killed")
                self._kill(child)
                child.proc.wait()
        for child in self.children:
            if child.pump is not None:
                child.pump.join(timeout=1.0)

    def kill(self) -> None:
        """At once, without waiting (a second Ctrl-C)."""
        for child in self.children:
            if child.proc.poll() is None:
                self._kill(child)

    @staticmethod
    def _kill(child: Child) -> None:
        # The group: its workers too. The leader is not yet reaped, so the
        # group is still ours.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.proc.pid, signal.SIGKILL)
