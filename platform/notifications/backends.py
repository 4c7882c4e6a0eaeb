"""A mail backend for running Tværs locally (./tvaers up): every message
becomes its own .eml file in EMAIL_FILE_PATH (var/mail/), which any mail
program opens, and the log gets one short line with the count. Django's
file backend writes every message of a connection into one .log file, and
its console backend floods the worker's output with MIME."""

import logging
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends import filebased
from django.utils import timezone

logger = logging.getLogger(__name__)

_UNSAFE = re.compile(r"[^A-Za-z0-9@._-]+")


class EmailBackend(filebased.EmailBackend):
    """One file per message: ``<time>-<first recipient>-<token>.eml``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # checks that the folder is there and writable
        folder = Path(self.file_path)
        try:
            self.shown_path = f"{folder.relative_to(settings.BASE_DIR)}/"
        except ValueError:
            self.shown_path = f"{folder}/"

    def open(self) -> bool:
        return False  # no stream to open: each message opens its own file

    def close(self) -> None:
        pass

    def send_messages(self, email_messages) -> int:
        written = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                self._write(message)
            except Exception:
                if not self.fail_silently:
                    raise
                continue
            written += 1
        if written:
            noun = "message" if written == 1 else "messages"
            logger.info("mail: %d %s written to %s", written, noun, self.shown_path)
        return written

    def _write(self, message) -> None:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S.%f")
        recipient = _UNSAFE.sub("_", message.recipients()[0])[:80]
        path = Path(self.file_path) / f"{stamp}-{recipient}-{uuid.uuid4().hex[:6]}.eml"
        # Written aside and renamed, so a reader never sees half a message.
        partial = path.with_suffix(".part")
        partial.write_bytes(message.message().as_bytes())
        partial.replace(path)
