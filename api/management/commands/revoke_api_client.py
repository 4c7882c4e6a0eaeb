from django.core.management.base import BaseCommand, CommandError

from api.models import ApiClient
from api.services import api_client_revoke


class Command(BaseCommand):
    help = "Revoke a partner API client's key by its key id (the part after tvs_)."

    def add_arguments(self, parser):
        parser.add_argument("key_id")

    def handle(self, *args, key_id, **options):
        client = ApiClient.objects.filter(key_id=key_id).first()
        if client is None:
            raise CommandError(f"No API client with key id {key_id!r}.")
        api_client_revoke(actor=None, client=client)
        self.stdout.write(f"Revoked {client}.")
