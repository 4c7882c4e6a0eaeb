"""What ./tvaers up prints: numbered steps with their elapsed seconds, a box
with the addresses and logins, and afterwards only short lines that matter."""

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Stopped(Exception):
    """The person asked to stop (Ctrl-C or SIGTERM) while a step ran."""


class Console:
    """Thread-safe lines on stdout. A step's line stays open while it runs
    (on a terminal its seconds tick); anything printed meanwhile starts on a
    line of its own."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.live = self.stream.isatty()
        self._lock = threading.RLock()
        self._open = ""  # the text of an unfinished step line

    def say(self, text: str = "") -> None:
        with self._lock:
            if self._open:
                self.stream.write("\n")
                self._open = ""
            self.stream.write(text + "\n")
            self.stream.flush()

    def _show_open(self, text: str) -> None:
        with self._lock:
            if self.live:
                self.stream.write("\r\x1b[K" + text)
            elif not self._open:
                self.stream.write(text)
            self._open = text
            self.stream.flush()

    def _close_open(self, text: str, suffix: str) -> None:
        with self._lock:
            if self._open and self.live:
                self.stream.write("\r\x1b[K" + text + suffix + "\n")
            elif self._open:
                self.stream.write(suffix + "\n")
            else:
                self.stream.write(text + suffix + "\n")
            self._open = ""
            self.stream.flush()

    @contextmanager
    def step(self, number: int, total: int, title: str) -> Iterator["Step"]:
        """``[n/total] title … 12.3 s``; ``failed after …`` when the block raises."""
        step = Step(f"[{number}/{total}] {title} …")
        self._show_open(step.text)
        stop_ticking = threading.Event()
        if self.live:
            threading.Thread(target=self._tick, args=(step, stop_ticking), daemon=True).start()
        try:
            yield step
        except Stopped:
            stop_ticking.set()
            with self._lock:
                if self._open:  # else "stopping…" has already ended the line
                    self._close_open(step.text, " stopped")
            raise
        except BaseException:
            stop_ticking.set()
            self._close_open(step.text, f" failed after {step.elapsed():.1f} s")
            raise
        stop_ticking.set()
        self._close_open(step.text, f" {step.result or f'{step.elapsed():.1f} s'}")
        for line in step.details:
            self.say(f"      {line}")

    def _tick(self, step: "Step", stop: threading.Event) -> None:
        while not stop.wait(1.0):
            with self._lock:
                if self._open == step.text or self._open.startswith(step.text + " "):
                    self._show_open(f"{step.text} {step.elapsed():.0f} s")


class Step:
    def __init__(self, text: str):
        self.text = text
        self.started = time.monotonic()
        self.result = ""  # instead of the seconds, e.g. "skipped (--no-demo)"
        self.details: list[str] = []  # shown indented under the step

    def elapsed(self) -> float:
        return time.monotonic() - self.started


def box(lines: list[str]) -> str:
    """``lines`` framed, so the addresses stand out from what came before."""
    width = max(len(line) for line in lines)
    top = "┌" + "─" * (width + 2) + "┐"
    bottom = "└" + "─" * (width + 2) + "┘"
    return "\n".join([top, *(f"│ {line.ljust(width)} │" for line in lines), bottom])
