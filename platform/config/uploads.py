"""Receiving an uploaded file (the platform's only upload handler, see
FILE_UPLOAD_HANDLERS): kept up to TVAERS_UPLOAD_MAX_BYTES (on disk beyond a
few megabytes) and hashed as it arrives. A larger upload is stopped at the
limit: the rest of the request is read and thrown away, never kept, so a
50 MB upload costs no memory and the view can say why (``too_large``).
It is the platform's handler rather than one view's because middleware
(config.security) reads every POST before any view could set its own."""

import hashlib
import tempfile

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

IN_MEMORY_UP_TO = 2_621_440  # as Django's own FILE_UPLOAD_MAX_MEMORY_SIZE
# Room for the form's other fields and the multipart boundaries.
FORM_OVERHEAD = 64 * 1024


class LimitedUploadHandler(FileUploadHandler):
    chunk_size = 64 * 1024

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.TVAERS_UPLOAD_MAX_BYTES
        self.too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # A request announcing more than the limit is refused before any of
        # its file is kept.
        self.too_large = content_length is not None and content_length > self.limit + FORM_OVERHEAD
        self.request_stream = input_data

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.too_large:
            self._refuse()
        # Handed on open to the request's files (Django closes them), as
        # Django's own TemporaryFileUploadHandler does.
        self.file = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_UP_TO)  # noqa: SIM115
        self.hash = hashlib.sha256()
        self.size = 0

    def receive_data_chunk(self, raw_data, start):
        self.size += len(raw_data)
        if self.size > self.limit:
            self.too_large = True
            self.file.close()
            self._refuse()
        self.hash.update(raw_data)
        self.file.write(raw_data)

    def _refuse(self):
        """Read the rest of the request in fixed-size pieces and throw it
        away (Django's own way, by lines, would hold a file without line
        breaks in memory whole), then stop: the fields before the file (the
        CSRF token) are kept, the file is not."""
        while self.request_stream.read(self.chunk_size):
            pass
        raise StopUpload(connection_reset=True)

    def file_complete(self, file_size):
        self.file.seek(0)
        uploaded = UploadedFile(
            file=self.file, name=self.file_name, content_type=self.content_type, size=file_size
        )
        uploaded.checksum = self.hash.hexdigest()
        return uploaded


def upload_too_large(request) -> bool:
    """Whether the request's file was stopped at the limit."""
    return any(getattr(handler, "too_large", False) for handler in request.upload_handlers)
