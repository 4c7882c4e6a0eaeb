"""The Celery app. Tasks that touch a municipality's data use
tenants.celery.TenantTask, which carries the municipality into the worker."""

import os

from celery import Celery
from celery.signals import beat_init, celeryd_init

# Like wsgi.py: worker and beat are production processes unless told otherwise
# (./tvaers and the tests set DJANGO_SETTINGS_MODULE themselves).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("tvaers")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def prepare_local_broker(**_kwargs) -> None:
    """Create the folders of the embedded (filesystem) broker and the file
    result store if that is what is configured; a no-op with Redis."""
    from pathlib import Path

    from django.conf import settings

    if not settings.CELERY_BROKER_URL.startswith("filesystem"):
        return
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    for key in ("data_folder_out", "control_folder"):
        Path(options[key]).mkdir(parents=True, exist_ok=True)
    if settings.CELERY_RESULT_BACKEND.startswith("file://"):
        Path(settings.CELERY_RESULT_BACKEND.removeprefix("file://")).mkdir(
            parents=True, exist_ok=True
        )


celeryd_init.connect(prepare_local_broker)
beat_init.connect(prepare_local_broker)
