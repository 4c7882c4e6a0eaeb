"""Session-wide fixtures: the fixture world (two municipalities), host-bound
test clients, and resetting the connection to the public schema after each
test so no test leaks its schema into the next."""

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import setup_databases, teardown_databases

from config.celery import prepare_local_broker
from tests.isolation import assert_isolated
from tests.world import World, build_world

pytest_plugins = ["tests.exchange_fixtures"]

BASE = "localhost"
_WORLD: list[World] = []


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker):
    """Create and migrate the test database, then build the world once for
    the whole session (committed, so subprocesses such as the Celery worker
    and the live server see it too).

    Replaces pytest-django's fixture, which creates no test database when the
    selected tests are only ones that reach the database through other
    processes (e2e, browser, worker) — and would then have let this build
    the world in the development database."""
    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        db_cfg = setup_databases(verbosity=verbosity, interactive=False, aliases={"default"})
        assert connection.settings_dict["NAME"].startswith("test_"), connection.settings_dict[
            "NAME"
        ]
        prepare_local_broker()
        _WORLD.append(build_world())
        connection.set_schema_to_public()
    yield
    with django_db_blocker.unblock():
        teardown_databases(db_cfg, verbosity=verbosity)

    shutil.rmtree(settings.VAR_DIR, ignore_errors=True)


@pytest.fixture
def world(django_db_setup, db) -> World:
    return _WORLD[0]


@pytest.fixture(scope="session")
def session_world(django_db_setup) -> World:
    """The world without database access, for tests that run against other
    processes (worker, live server, browser) and must not hold a transaction."""
    return _WORLD[0]


@pytest.fixture(autouse=True)
def _public_schema_after_test():
    yield
    connection.set_schema_to_public()


def host_of(municipality=None) -> str:
    return f"{municipality.slug}.{BASE}" if municipality is not None else BASE


class PublicAfterRequestClient(Client):
    """A test client that leaves the connection in the public schema after
    each request, as a new request would find it (the middleware sets the
    host's schema and, in-process, nothing resets it)."""

    def request(self, **request):
        try:
            return super().request(**request)
        finally:
            connection.set_schema_to_public()


@pytest.fixture
def delivered():
    """with delivered(): … — mail and other work decided inside, after its
    commit, runs at once (the test's own transaction never commits)."""
    return lambda: TestCase.captureOnCommitCallbacks(execute=True)


@pytest.fixture
def isolated(django_capture_on_commit_callbacks, mailoutbox):
    """with isolated(*querysets_or_callables): … — see tests.isolation:
    nothing in them changes, no mail leaves and no task is sent, counting
    the block's after-commit callbacks (which are run first)."""
    return lambda *states: assert_isolated(
        *states, capture_on_commit_callbacks=django_capture_on_commit_callbacks
    )


@pytest.fixture
def client_for(db):
    """client_for(user=None, host=municipality|None) → a test client on that
    host, signed in as ``user`` when given."""

    def make(user=None, municipality=None) -> Client:
        client = PublicAfterRequestClient(HTTP_HOST=host_of(municipality))
        if user is not None:
            client.force_login(user)
        return client

    return make


def database_url_for_subprocess() -> str:
    """A DATABASE_URL for the test database, for processes this test run starts."""
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    host = quote(s["HOST"] or "", safe="")
    port = f":{s['PORT']}" if s.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{s['NAME']}"


def subprocess_env(**extra) -> dict:
    root = Path(__file__).resolve().parent
    env = dict(os.environ)

    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=database_url_for_subprocess(),
        TVAERS_TEST_VAR_DIR=str(settings.VAR_DIR),
        PYTHONPATH=os.pathsep.join([str(root / "platform"), str(root)]),
    )
    env.update(extra)
    return env


class _Process:
    """A child process whose output is collected, and which can be waited on
    for a line of output."""

    def __init__(self, command, env, ready_text: str, timeout: float = 60):
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, *command],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + timeout
        while not any(ready_text in line for line in self.lines):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{command} did not start:\n" + "".join(self.lines[-40:]))
            time.sleep(0.1)

    def _read(self):
        for line in iter(self.proc.stdout.readline, ""):
            self.lines.append(line)

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except Exception:
                os.killpg(self.proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup):
    """A real Celery worker process on the test database and the test broker."""
    if settings.CELERY_BROKER_URL.startswith("filesystem"):
        shutil.rmtree(settings.VAR_DIR / "broker", ignore_errors=True)  # no stale messages
    prepare_local_broker()
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
            "-n",
            "test-worker@%h",
        ],
        subprocess_env(),
        ready_text="ready.",
    )
    yield worker
    worker.stop()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server_url(django_db_setup):
    """The platform served over real HTTP by gunicorn (as in production) on
    the test database. Hosts: http://localhost:PORT and http://<slug>.localhost:PORT."""
    port = _free_port()
    server = _Process(
        [
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--access-logfile",
            "-",
        ],
        subprocess_env(TVAERS_PUBLIC_PORT=str(port)),
        ready_text="Booting worker",
    )

    deadline = time.monotonic() + 30
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz", headers={"Host": f"localhost:{port}"})
            if conn.getresponse().status == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError("gunicorn did not answer /healthz:\n" + "".join(server.lines[-40:]))
        time.sleep(0.1)
    yield port
    server.stop()
