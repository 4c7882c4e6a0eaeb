"""Where a local run keeps its files, and the environment of the processes
./tvaers starts."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Git-ignored: the embedded database, the embedded broker, logs, mail files.
VAR = Path(os.environ.get("TVAERS_VAR_DIR", ROOT / "var")).resolve()
LOG_DIR = VAR / "log"
MAIL_DIR = VAR / "mail"
PYTHON = sys.executable


def shown(path: Path) -> str:
    """``path`` as a person types it: relative to the checkout when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def prepare_var_dirs() -> None:
    """var/ and its log folder. The broker and result folders are made by the
    Celery app itself (config.celery.prepare_local_broker) in every process
    that may send a task; the mail folder by the mail backend."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "platform"), str(ROOT), *filter(None, [env.get("PYTHONPATH")])]
    )
    env["TVAERS_VAR_DIR"] = str(VAR)
    # Lines reach the log files (and the console's filter) as they are written.
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env
