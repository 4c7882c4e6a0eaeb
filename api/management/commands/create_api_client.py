from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from api.scopes import Scope
from api.services import ApiClientError, api_client_create
from courses.models import Provider
from tenants.models import Municipality


class Command(BaseCommand):
    help = "Create a partner API client for a municipality or provider and print its key (once)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        owner = parser.add_mutually_exclusive_group(required=True)
        owner.add_argument("--municipality", type=int, help="Official municipality code.")
        owner.add_argument("--provider", help="Provider slug.")
        parser.add_argument(
            "--scope",
            action="append",
            dest="scopes",
            required=True,
            choices=Scope.values,
            help="A scope; repeat for several.",
        )
        parser.add_argument(
            "--rate", type=int, help="Requests per minute (default: platform default)."
        )

    def handle(self, *args, name, municipality, provider, scopes, rate, **options):
        m = p = None
        if municipality is not None:
            m = Municipality.objects.filter(code=municipality).first()
            if m is None:
                raise CommandError(f"No provisioned municipality with code {municipality}.")
        else:
            p = Provider.objects.filter(slug=provider).first()
            if p is None:
                raise CommandError(f"No provider with slug {provider!r}.")
        if rate is not None and rate < 1:
            raise CommandError("--rate must be at least 1.")
        try:
            client, key = api_client_create(
                actor=None,
                name=name,
                scopes=scopes,
                municipality=m,
                provider=p,
                rate_per_minute=rate,
            )
        except ApiClientError as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"Created API client {client.name} ({client.key_id}) for {client.organisation}."
        )
        self.stdout.write("Key (shown only now; store it safely):")
        self.stdout.write(key)
