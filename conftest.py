"""Session-wide fixtures: the fixture world (two municipalities), host-bound
test clients, and resetting the connection to the public schema after each
test so no test leaks its schema into the next."""

import pytest
from django.db import connection
from django.test import Client

from tests.world import World, build_world

BASE = "localhost"
_WORLD: list[World] = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After pytest-django has created and migrated the test database, build
    the world once for the whole session (committed, so subprocesses such as
    the Celery worker and the live server see it too)."""
    from config.celery import prepare_local_broker

    prepare_local_broker()
    with django_db_blocker.unblock():
        _WORLD.append(build_world())
        connection.set_schema_to_public()


@pytest.fixture
def world(django_db_setup, db) -> World:
    return _WORLD[0]


@pytest.fixture(autouse=True)
def _public_schema_after_test():
    yield
    connection.set_schema_to_public()


def host_of(municipality=None) -> str:
    return f"{municipality.slug}.{BASE}" if municipality is not None else BASE


@pytest.fixture
def client_for(db):
    """client_for(user=None, host=municipality|None) → a test client on that
    host, signed in as ``user`` when given."""

    def make(user=None, municipality=None) -> Client:
        client = Client(HTTP_HOST=host_of(municipality))
        if user is not None:
            client.force_login(user)
        return client

    return make
