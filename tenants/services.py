"""Provisioning municipalities and forming networks. Operators call these
(the admin, the management commands, the demo seed)."""

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.http.request import validate_host
from django.utils.text import slugify
from django_tenants.utils import schema_exists

from accounts.models import Role, User
from accounts.services import user_ensure
from accounts.tasks import send_invitation
from audit.services import audit_record_public
from tenants.errors import ProvisioningError
from tenants.migration_state import pending_migrations
from tenants.models import Domain, Municipality, Network, NetworkMembership
from tenants.reference import official_municipality
from tenants.schema_clone import clone_schema

logger = logging.getLogger(__name__)

HOSTNAME = re.compile(
    r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
)


def default_domain(slug: str) -> str:
    return f"{slug}.{settings.TVAERS_BASE_DOMAIN}"


def tenant_template_ensure() -> bool:
    """Make sure the template schema that new municipalities are cloned from
    exists and has every tenant migration. Returns True if it had to migrate.
    Runs its own transactions; never call it inside an atomic block."""
    template = settings.TVAERS_TEMPLATE_SCHEMA
    if not schema_exists(template):
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {connection.ops.quote_name(template)}")
    if not pending_migrations([template])[template]:
        return False
    call_command("migrate_schemas", schema_name=template, interactive=False, verbosity=0)
    connection.set_schema_to_public()
    return True


@dataclass(frozen=True)
class ProvisionResult:
    municipality: Municipality
    created: bool
    hr_admin_created: bool


def municipality_provision(
    *,
    actor: User | None,
    code: int,
    domain: str | None = None,
    hr_admin_email: str | None = None,
    hr_admin_name: str | None = None,
) -> ProvisionResult:
    """Provision the municipality with official code ``code``: its row, its
    schema (cloned from the migrated template), its domain and, optionally,
    a first HR admin who is mailed an invitation. All in one transaction, so a
    refused or failed provisioning leaves nothing behind. Repeating it with
    the same arguments is harmless; arguments that contradict what exists are
    refused with a ProvisioningError. Operators call it."""
    official = official_municipality(code)
    if official is None:
        raise ProvisioningError(
            f"{code} is not an official Danish municipality code "
            "(see tenants/data/municipalities.csv)."
        )
    if hr_admin_email and not hr_admin_name:
        raise ProvisioningError("The first HR admin needs a name as well as an e-mail address.")
    domain = (domain or default_domain(official.slug)).strip().lower()
    if not HOSTNAME.fullmatch(domain):
        raise ProvisioningError(f"{domain!r} is not a valid host name.")
    if domain == settings.TVAERS_BASE_DOMAIN:
        raise ProvisioningError(f"{domain} is the shared site's own address.")
    if not validate_host(domain, settings.ALLOWED_HOSTS):
        raise ProvisioningError(
            f"{domain} is not among DJANGO_ALLOWED_HOSTS ({', '.join(settings.ALLOWED_HOSTS)}); "
            "the site would be unreachable."
        )
    tenant_template_ensure()

    try:
        result = _provision(
            actor=actor,
            official=official,
            domain=domain,
            hr_admin_email=hr_admin_email,
            hr_admin_name=hr_admin_name,
        )
    except IntegrityError as exc:
        # Two provisionings of the same municipality at once: the loser's
        # transaction rolled back whole.
        raise ProvisioningError(
            f"Municipality {code} was being provisioned at the same time by another process; "
            "run the command again."
        ) from exc
    connection.set_schema_to_public()
    return result


def _provision(
    *, actor: User | None, official, domain, hr_admin_email, hr_admin_name
) -> ProvisionResult:
    code = official.code
    with transaction.atomic():
        municipality = Municipality.objects.select_for_update().filter(code=code).first()
        other_owner = Domain.objects.filter(domain=domain).exclude(tenant__code=code).first()
        if other_owner is not None:
            raise ProvisioningError(f"The domain {domain} already belongs to {other_owner.tenant}.")

        created = municipality is None
        if created:
            municipality = Municipality(
                code=official.code,
                name=official.name,
                slug=official.slug,
                region=official.region,
                latitude=official.latitude,
                longitude=official.longitude,
                schema_name=Municipality.schema_name_for(official.code),
            )
            municipality.full_clean()
            municipality.save()
        else:
            primary = municipality.domains.filter(is_primary=True).first()
            if primary is not None and primary.domain != domain:
                raise ProvisioningError(
                    f"{municipality} (code {code}) is already provisioned at {primary.domain}; "
                    f"refusing to provision it again at {domain}."
                )

        if not schema_exists(municipality.schema_name):
            clone_schema(settings.TVAERS_TEMPLATE_SCHEMA, municipality.schema_name)
        if not municipality.domains.filter(domain=domain).exists():
            Domain.objects.create(domain=domain, tenant=municipality, is_primary=True)

        hr_admin_created = False
        if hr_admin_email:
            try:
                hr_admin, hr_admin_created = user_ensure(
                    actor=actor,
                    email=hr_admin_email,
                    full_name=hr_admin_name,
                    roles={Role.HR, Role.EMPLOYEE},
                    municipality=municipality,
                )
            except ValidationError as exc:
                raise ProvisioningError(
                    f"The first HR admin was refused: {' '.join(exc.messages)}"
                ) from exc
            if hr_admin_created and not hr_admin.has_usable_password():
                transaction.on_commit(
                    lambda: send_invitation.apply_async(
                        kwargs={"user_id": hr_admin.pk}, municipality=municipality
                    )
                )
        if created:
            audit_record_public(
                actor=actor,
                action="municipality.provisioned",
                target=municipality,
                municipality=municipality,
                data={"domain": domain, "hr_admin": bool(hr_admin_email)},
            )
    return ProvisionResult(municipality, created, hr_admin_created)


@transaction.atomic
def network_ensure(
    *, actor: User | None, name: str, slug: str | None = None, description: str = ""
) -> Network:
    """Create the network, or return the one with this slug. Operators call it."""
    slug = slug or slugify(name)
    network = Network.objects.filter(slug=slug).first()
    if network is not None:
        return network
    network = Network(name=name, slug=slug, description=description)
    network.full_clean()
    network.save()
    audit_record_public(actor=actor, action="network.created", target=network)
    return network


@transaction.atomic
def network_member_add(
    *, actor: User | None, network: Network, municipality: Municipality
) -> NetworkMembership:
    """Add a municipality to a network (harmless if it is already a member).
    Operators call it."""
    membership, created = NetworkMembership.objects.get_or_create(
        network=network, municipality=municipality
    )
    if created:
        audit_record_public(
            actor=actor,
            action="network.member_added",
            target=network,
            municipality=municipality,
        )
    return membership
