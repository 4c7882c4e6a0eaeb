import io

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from demo.seed import DEMO_PASSWORD, seed_demo
from exchange.matching.services.runs import run_create
from exchange.models import MatchProposal, RunTrigger
from tenants.models import Network


class Command(BaseCommand):
    help = (
        "Seed the seven Job7 municipalities with demo data (migrating an empty database "
        "first). Idempotent and deterministic."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--match",
            action="store_true",
            help="Also queue a matching run for Job7 (the worker does it when it starts), "
            "unless the demo already has proposals or a run under way.",
        )

    def handle(self, *args, **options):
        if self._unmigrated():
            # A fresh machine (./tvaers up has never run): the seed needs the tables.
            self.stdout.write("The database lacks migrations; migrating it first.")
            # Its summary would count municipalities the seed has yet to make.
            call_command("migrate_municipalities", verbosity=0, stdout=io.StringIO())
        report = seed_demo()
        self.stdout.write(
            f"Demo data in place for {report.municipalities} municipalities "
            f"({report.users_created} accounts created this run; password {DEMO_PASSWORD!r})."
        )
        if options["match"]:
            self._queue_matching()

    def _unmigrated(self) -> bool:
        connection.set_schema_to_public()
        executor = MigrationExecutor(connection)
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))

    def _queue_matching(self) -> None:
        job7 = Network.objects.get(slug="job7")
        if MatchProposal.objects.filter(network=job7).exists():
            return
        try:
            with transaction.atomic():
                run_create(network=job7, trigger=RunTrigger.ON_DEMAND)
        except ValidationError:
            return
        self.stdout.write("Queued a matching run for Job7; the worker does it when it starts.")
