"""The Celery app, and TenantTask: tasks that work on a municipality's data
carry that municipality with them. A TenantTask sent from a municipality's
context runs in that municipality's schema in the worker; one sent with no
municipality is refused, at sending and again in the worker, instead of
silently running in the public schema."""

import logging
import os
from pathlib import Path

from celery import Celery, Task
from celery.signals import beat_init, celeryd_init
from django.conf import settings
from django.db import connection
from django_tenants.utils import get_public_schema_name, get_tenant_model, tenant_context

# Like wsgi.py: worker and beat are production processes unless told otherwise
# (./tvaers and the tests set DJANGO_SETTINGS_MODULE themselves).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("tvaers")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def prepare_local_broker(**_kwargs) -> None:
    """Create the folders of the embedded (filesystem) broker and the file
    result store if that is what is configured; a no-op with Redis. Runs in
    every process that loads the app's configuration (one that sends a task,
    a worker, beat), so nothing ever sends into a missing folder."""
    if not settings.CELERY_BROKER_URL.startswith("filesystem"):
        return
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    for key in ("data_folder_out", "control_folder"):
        Path(options[key]).mkdir(parents=True, exist_ok=True)
    if settings.CELERY_RESULT_BACKEND.startswith("file://"):
        Path(settings.CELERY_RESULT_BACKEND.removeprefix("file://")).mkdir(
            parents=True, exist_ok=True
        )


# The configuration is loaded lazily, at first use, so this is still in time.
app.on_after_configure.connect(prepare_local_broker, weak=False)
celeryd_init.connect(prepare_local_broker)
beat_init.connect(prepare_local_broker)


logger = logging.getLogger(__name__)

SCHEMA_KWARG = "_municipality_schema"


class MunicipalityRequired(RuntimeError):
    """A municipality task was sent or received without its municipality."""


class TenantTask(Task):
    abstract = True
    # Celery's own argument check would trip over the municipality kwarg;
    # apply_async checks the caller's arguments itself before adding it.
    typing = False

    def apply_async(self, args=None, kwargs=None, *, municipality=None, **options):
        """Send the task for ``municipality`` (a Municipality), or for the
        municipality the connection is set to."""
        kwargs = dict(kwargs or {})
        check_arguments = getattr(self, "__header__", None)
        if check_arguments is not None:
            check_arguments(*(args or ()), **{k: v for k, v in kwargs.items() if k != SCHEMA_KWARG})
        if municipality is not None:
            schema = municipality.schema_name
        elif SCHEMA_KWARG in kwargs:
            schema = kwargs[SCHEMA_KWARG]
        else:
            schema = connection.schema_name
        if not schema or schema == get_public_schema_name():
            raise MunicipalityRequired(
                f"{self.name} works on a municipality's data and was sent from the public "
                "schema without one; send it from a municipality's context or pass municipality=."
            )
        kwargs[SCHEMA_KWARG] = schema
        return super().apply_async(args=args, kwargs=kwargs, **options)

    def __call__(self, *args, **kwargs):
        schema = kwargs.pop(SCHEMA_KWARG, None)
        if not schema or schema == get_public_schema_name():
            logger.error(
                "Refused %s (id %s): a municipality task arrived without a municipality.",
                self.name,
                getattr(self.request, "id", None),
            )
            raise MunicipalityRequired(f"{self.name} arrived without a municipality; refused.")
        municipality = get_tenant_model().objects.filter(schema_name=schema).first()
        if municipality is None:
            logger.error("Refused %s: unknown municipality schema %r.", self.name, schema)
            raise MunicipalityRequired(f"{self.name}: unknown municipality schema {schema!r}.")
        with tenant_context(municipality):
            return super().__call__(*args, **kwargs)
