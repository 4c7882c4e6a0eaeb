"""Writes to accounts and role memberships."""

from collections.abc import Iterable

from django.db import transaction

from accounts.errors import AccountError
from accounts.models import MUNICIPAL_ROLES, PLATFORM_ROLES, PROVIDER_ROLES, Membership, Role, User
from audit.services import audit_record_public


def roles_validate(*, roles: set[str], municipality, provider) -> None:
    """Raise AccountError unless ``roles`` fit the organisation (a municipality,
    a provider, or neither for platform operators)."""
    if municipality is not None and provider is not None:
        raise AccountError("A user belongs to one organisation: a municipality or a provider.")
    unknown = roles - set(Role.values)
    if unknown:
        raise AccountError(f"Unknown role(s): {', '.join(sorted(unknown))}.")
    if municipality is not None:
        allowed = MUNICIPAL_ROLES
    elif provider is not None:
        allowed = PROVIDER_ROLES
    else:
        allowed = PLATFORM_ROLES
    wrong = roles - allowed
    if wrong:
        raise AccountError(
            f"Role(s) {', '.join(sorted(wrong))} do not fit this user's organisation."
        )


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    roles: Iterable[str],
    municipality=None,
    provider=None,
    password: str | None = None,
) -> User:
    """Create an account in one organisation with its roles. Operators, a
    municipality's HR (for their own municipality) and provisioning call it.
    Without a password the account cannot log in until it sets one."""
    roles = set(roles)
    roles_validate(roles=roles, municipality=municipality, provider=provider)
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise AccountError(f"An account with the e-mail address {email} already exists.")
    user = User(email=email, full_name=full_name, municipality=municipality, provider=provider)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    Membership.objects.bulk_create([Membership(user=user, role=role) for role in sorted(roles)])
    audit_record_public(
        actor=actor,
        action="user.created",
        target=user,
        municipality=municipality,
        provider=provider,
        data={"roles": sorted(roles)},
    )
    return user


@transaction.atomic
def user_ensure(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    roles: Iterable[str],
    municipality=None,
    provider=None,
    password: str | None = None,
) -> tuple[User, bool]:
    """Idempotent form of user_create for provisioning and the demo seed:
    returns the existing account (adding missing roles) when it already
    belongs to the same organisation; refuses one that belongs elsewhere."""
    roles = set(roles)
    existing = User.objects.filter(email__iexact=email.strip()).first()
    if existing is None:
        user = user_create(
            actor=actor,
            email=email,
            full_name=full_name,
            roles=roles,
            municipality=municipality,
            provider=provider,
            password=password,
        )
        return user, True
    same_org = existing.municipality_id == getattr(municipality, "pk", None) and (
        existing.provider_id == getattr(provider, "pk", None)
    )
    if not same_org:
        raise AccountError(
            f"The e-mail address {existing.email} already belongs to another organisation."
        )
    roles_validate(roles=roles, municipality=municipality, provider=provider)
    for role in sorted(roles - existing.roles):
        membership_grant(actor=actor, user=existing, role=role)
    return existing, False


@transaction.atomic
def membership_grant(*, actor: User | None, user: User, role: str) -> Membership:
    """Give ``user`` a role in their organisation. Operators and HR call it."""
    roles_validate(roles={role}, municipality=user.municipality, provider=user.provider)
    membership, created = Membership.objects.get_or_create(user=user, role=role)
    if created:
        audit_record_public(
            actor=actor,
            action="membership.granted",
            target=user,
            municipality=user.municipality,
            provider=user.provider,
            data={"role": role},
        )
    user.__dict__.pop("_roles_cache", None)
    return membership
