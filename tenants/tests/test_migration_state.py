from django.core.management import call_command
from django.db import connection

from tenants.migration_state import all_tenant_schemas, pending_migrations


def test_fixture_schemas_are_up_to_date(world):
    assert all_tenant_schemas() == ["k621", "k630"]
    assert pending_migrations(["k621", "k630", "tenant_template"]) == {
        "k621": [],
        "k630": [],
        "tenant_template": [],
    }


def test_a_missing_migration_is_found_and_applied(world, capsys):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM k621.django_migrations WHERE app = 'organisation'")
        cursor.execute(
            "DROP TABLE k621.organisation_staffimportfile, k621.organisation_staffimport, "
            "k621.organisation_employeeprofile, k621.organisation_unit CASCADE"
        )
    assert pending_migrations(["k621", "k630"]) == {
        "k621": [
            ("organisation", "0001_initial"),
            ("organisation", "0002_people"),
            ("organisation", "0003_staff_import_file"),
        ],
        "k630": [],
    }
    call_command("migrate_municipalities", "--skip-public", verbosity=0)
    assert "2 municipality schema(s): 1 up to date, 1 migrated" in capsys.readouterr().out
    assert pending_migrations(["k621"]) == {"k621": []}


def test_schema_without_migrations_table_lacks_everything(world):
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA k999")
    pending = pending_migrations(["k999"])["k999"]
    assert ("organisation", "0001_initial") in pending
    assert ("audit", "0001_initial") in pending
