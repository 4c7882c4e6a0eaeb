from django.core.management.base import BaseCommand

from tenants.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Seed the seven Job7 municipalities with demo data. Idempotent and deterministic."

    def handle(self, *args, **options):
        report = seed_demo()
        self.stdout.write(
            f"Demo data in place for {report.municipalities} municipalities "
            f"({report.users_created} accounts created this run; password {DEMO_PASSWORD!r})."
        )
