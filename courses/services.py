from django.db import transaction

from audit.services import audit_record_public
from courses.models import Provider


@transaction.atomic
def provider_ensure(
    *, actor, name: str, slug: str, description: str = "", website: str = ""
) -> Provider:
    """Create the provider, or return it unchanged if the slug exists.
    Operators (and the demo seed, actor None) call this."""
    existing = Provider.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    provider = Provider(name=name, slug=slug, description=description, website=website)
    provider.full_clean()
    provider.save()
    audit_record_public(actor=actor, action="provider.created", target=provider, provider=provider)
    return provider
