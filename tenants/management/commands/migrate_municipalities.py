import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from tenants.migration_state import all_tenant_schemas, pending_migrations
from tenants.services import tenant_template_ensure


class Command(BaseCommand):
    help = (
        "Deploy migrations: the public schema, the template schema, and only those "
        "municipality schemas that lack a migration (found with one query over all)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-public", action="store_true", help="Do not migrate the public schema."
        )

    def handle(self, *args, skip_public, **options):
        verbosity = options["verbosity"]
        started = time.perf_counter()
        if not skip_public:
            call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        tenant_template_ensure()
        schemas = all_tenant_schemas()
        pending = {schema: todo for schema, todo in pending_migrations(schemas).items() if todo}
        for schema, todo in pending.items():
            if verbosity:
                self.stdout.write(f"{schema}: applying {len(todo)} migration(s)")
            call_command(
                "migrate_schemas", schema_name=schema, interactive=False, verbosity=verbosity
            )
        connection.set_schema_to_public()
        self.stdout.write(
            f"{len(schemas)} municipality schema(s): {len(schemas) - len(pending)} up to date, "
            f"{len(pending)} migrated ({time.perf_counter() - started:.2f} s)."
        )
