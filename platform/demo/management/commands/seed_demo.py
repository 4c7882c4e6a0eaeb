from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction

from demo.seed import DEMO_PASSWORD, seed_demo
from exchange.models import MatchProposal, RunTrigger
from exchange.services.matching import run_create
from tenants.models import Network


class Command(BaseCommand):
    help = "Seed the seven Job7 municipalities with demo data. Idempotent and deterministic."

    def add_arguments(self, parser):
        parser.add_argument(
            "--match",
            action="store_true",
            help="Also queue a matching run for Job7 (the worker does it when it starts), "
            "unless the demo already has proposals or a run under way.",
        )

    def handle(self, *args, **options):
        report = seed_demo()
        self.stdout.write(
            f"Demo data in place for {report.municipalities} municipalities "
            f"({report.users_created} accounts created this run; password {DEMO_PASSWORD!r})."
        )
        if options["match"]:
            self._queue_matching()

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
