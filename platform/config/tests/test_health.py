from unittest import mock

from django.db.utils import OperationalError
from django.test import Client


def test_healthz(world):
    response = Client(HTTP_HOST="localhost").get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_readyz_ok_on_every_site(world):
    for host in ("localhost", "vejle.localhost"):
        response = Client(HTTP_HOST=host).get("/readyz")
        assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


def test_readyz_503_when_the_broker_is_unreachable(world, settings, caplog):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = Client(HTTP_HOST="localhost").get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "broker": "unavailable"},
    }
    assert "readyz: broker not reachable" in caplog.text


def test_readyz_503_when_the_database_is_unreachable(world):
    with mock.patch("config.health.connection") as conn:
        conn.cursor.side_effect = OperationalError("connection refused")
        response = Client(HTTP_HOST="localhost").get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unavailable"
