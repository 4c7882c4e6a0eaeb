import re

import pytest
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context

from tenants.organisation.models import Unit, UnitKind
from tenants.schema_clone import clone_schema


def _signature(schema: str) -> dict:
    """Everything migrations create, with the schema name taken out."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity "
            "FROM information_schema.columns WHERE table_schema = %s ORDER BY 1, 2",
            [schema],
        )
        columns = cursor.fetchall()
        cursor.execute(
            "SELECT cl.relname, con.conname, con.contype, pg_get_constraintdef(con.oid) "
            "FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid "
            "JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE n.nspname = %s ORDER BY 1, 2",
            [schema],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %s ORDER BY 1, 2",
            [schema],
        )
        indexes = cursor.fetchall()
    strip = re.compile(rf"\b{re.escape(schema)}\.")
    return {
        "columns": columns,
        "constraints": [tuple(strip.sub("", str(v)) for v in row) for row in constraints],
        "indexes": [tuple(strip.sub("", str(v)) for v in row) for row in indexes],
    }


def test_a_cloned_schema_is_identical_to_a_migrated_one(world):
    clone_schema("tenant_template", "clone_check")
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA migrated_check")
    call_command("migrate_schemas", schema_name="migrated_check", interactive=False, verbosity=0)
    connection.set_schema_to_public()
    cloned, migrated = _signature("clone_check"), _signature("migrated_check")
    assert cloned["columns"] == migrated["columns"]
    assert cloned["constraints"] == migrated["constraints"]
    assert cloned["indexes"] == migrated["indexes"]
    # Not an empty comparison: the copy carries the tenant apps' own rules.
    names = {name for _table, name, _kind, _definition in cloned["constraints"]}
    assert {"pool_never_over_granted", "wage_claim_amount_positive"} <= names


def test_clone_copies_migration_records_and_new_ids_start_fresh(world):
    clone_schema("tenant_template", "clone_rows")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM clone_rows.django_migrations")
        copied = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM tenant_template.django_migrations")
        assert copied == cursor.fetchone()[0] > 0
    with schema_context("clone_rows"):
        unit = Unit.objects.create(kind=UnitKind.ADMINISTRATION, name="Ny forvaltning")
        assert unit.pk == 1
        child = Unit.objects.create(kind=UnitKind.DEPARTMENT, name="Afdeling", parent=unit)
        assert child.parent_id == 1  # the foreign key points into the clone


@pytest.mark.parametrize(
    ("ddl", "what"),
    [
        ("CREATE VIEW tenant_template.v AS SELECT 1 AS one", "view or other relation v"),
        (
            "CREATE SEQUENCE tenant_template.loose_seq",
            "sequence not owned by an identity column loose_seq",
        ),
        (
            "CREATE FUNCTION tenant_template.f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
            "function f",
        ),
        ("CREATE TYPE tenant_template.mood AS ENUM ('ok')", "type mood"),
    ],
)
def test_clone_refuses_a_template_with_objects_it_would_not_copy(world, ddl, what):
    with connection.cursor() as cursor:
        cursor.execute(ddl)
    with pytest.raises(RuntimeError, match=what):
        clone_schema("tenant_template", "clone_refused")
