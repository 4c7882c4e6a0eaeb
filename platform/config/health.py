"""/healthz (the process is up) and /readyz (database and broker reachable)."""

import logging
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


def _check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}".strip()
    return None


def _check_broker() -> str | None:
    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem"):
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_out"])
        if not folder.is_dir():
            return f"broker folder {folder} does not exist"
        probe = folder / ".readyz"
        try:
            probe.write_text("ok")
            probe.unlink()
        except OSError as exc:
            return f"broker folder {folder} is not writable: {exc}"
        return None

    try:
        with Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}".strip()
    return None


@never_cache
@require_GET
def readyz(request):
    checks = {"database": _check_database(), "broker": _check_broker()}
    ready = all(problem is None for problem in checks.values())
    for name, problem in checks.items():
        if problem:
            logger.error("readyz: %s not reachable: %s", name, problem)
    body = {
        "status": "ok" if ready else "unavailable",
        "checks": {
            name: ("ok" if problem is None else "unavailable") for name, problem in checks.items()
        },
    }
    return JsonResponse(body, status=200 if ready else 503)
