from unittest import mock

from django.db.utils import OperationalError
from django.test import Client

from conftest import _Process, subprocess_env


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


def test_health_on_a_municipality_host_needs_no_database(world):
    """The host lookup itself needs the database: health answers before it."""
    with (
        mock.patch("config.health.connection") as conn,
        mock.patch(
            "tenants.middleware.MunicipalityHostMiddleware.get_tenant",
            side_effect=OperationalError("connection refused"),
        ),
    ):
        conn.cursor.side_effect = OperationalError("connection refused")
        client = Client(HTTP_HOST="vejle.localhost")
        assert client.get("/healthz").status_code == 200
        response = client.get("/readyz")
    assert (response.status_code, response.json()["checks"]["database"]) == (503, "unavailable")


def test_worker_logs_clearly_when_the_broker_is_unreachable(session_world):
    """A real worker process pointed at a broker that does not answer."""
    worker = _Process(
        [
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-l",
            "info",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        subprocess_env(CELERY_BROKER_URL="redis://127.0.0.1:1/0"),
        ready_text="Cannot connect to redis://",
    )
    worker.stop()
    line = next(line for line in worker.lines if "Cannot connect to" in line)
    assert "ERROR" in line
    assert "127.0.0.1:1" in line
