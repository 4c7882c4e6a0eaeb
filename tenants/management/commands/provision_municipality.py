from django.core.management.base import BaseCommand, CommandError

from tenants.errors import ProvisioningError
from tenants.services import municipality_provision


class Command(BaseCommand):
    help = (
        "Provision a Danish municipality by its official code: schema, domain and "
        "optionally a first HR admin (who is mailed an invitation). Safe to repeat."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "code", type=int, help="Official municipality code, e.g. 630 for Vejle."
        )
        parser.add_argument("--domain", help="Host name (default: <slug>.<TVAERS_BASE_DOMAIN>).")
        parser.add_argument("--hr-email", help="E-mail address of the first HR admin.")
        parser.add_argument("--hr-name", help="Full name of the first HR admin.")

    def handle(self, *args, code, domain, hr_email, hr_name, **options):
        try:
            result = municipality_provision(
                actor=None,
                code=code,
                domain=domain,
                hr_admin_email=hr_email,
                hr_admin_name=hr_name,
            )
        except ProvisioningError as exc:
            raise CommandError(str(exc)) from exc
        municipality = result.municipality
        state = "provisioned" if result.created else "already provisioned; nothing to do"
        self.stdout.write(
            f"{municipality.name} ({municipality.code}): {state} "
            f"[schema {municipality.schema_name}, "
            f"domain {municipality.domains.get(is_primary=True).domain}]"
        )
        if result.hr_admin_created:
            self.stdout.write(f"First HR admin {hr_email} created; invitation mail queued.")
