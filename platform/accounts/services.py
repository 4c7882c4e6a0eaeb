"""Writes to accounts and role memberships."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import hooks
from accounts.errors import AccountError
from accounts.models import MUNICIPAL_ROLES, PLATFORM_ROLES, PROVIDER_ROLES, Membership, Role, User
from audit.services import audit_record_public


def _email_taken(email: str) -> str:
    # E-mail addresses are unique on the whole platform: the address may
    # belong to another municipality's employee, which is not said.
    return _("An account with the e-mail address %(email)s already exists.") % {"email": email}


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
        raise AccountError({"email": _email_taken(email)})
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


@transaction.atomic
def membership_revoke(*, actor: User | None, user: User, role: str) -> None:
    """Take a role from ``user``. Operators, HR and the identity system call it."""
    deleted, _ = Membership.objects.filter(user=user, role=role).delete()
    if deleted:
        audit_record_public(
            actor=actor,
            action="membership.revoked",
            target=user,
            municipality=user.municipality,
            provider=user.provider,
            data={"role": role},
        )
    user.__dict__.pop("_roles_cache", None)


@transaction.atomic
def roles_set(*, actor: User | None, user: User, roles: Iterable[str]) -> User:
    """Give ``user`` exactly ``roles`` in their organisation: the missing ones
    granted, the others revoked, each audited."""
    roles = set(roles)
    roles_validate(roles=roles, municipality=user.municipality, provider=user.provider)
    held = set(user.memberships.values_list("role", flat=True))
    for role in sorted(roles - held):
        membership_grant(actor=actor, user=user, role=role)
    for role in sorted(held - roles):
        membership_revoke(actor=actor, user=user, role=role)
    return user


@transaction.atomic
def user_identity_set(*, actor: User | None, user: User, email: str, full_name: str) -> User:
    """Change the e-mail address and name of an account (HR and the identity
    system of its municipality). The address stays unique on the platform."""
    email = User.objects.normalize_email(email).strip().lower()
    full_name = (full_name or "").strip()
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise AccountError({"email": _email_taken(email)})
    changed = sorted(
        field
        for field, value in (("email", email), ("full_name", full_name))
        if getattr(user, field) != value
    )
    if not changed:
        return user
    user.email, user.full_name = email, full_name
    user.full_clean()
    user.save(update_fields=changed)
    audit_record_public(
        actor=actor,
        action="user.changed",
        target=user,
        municipality=user.municipality,
        provider=user.provider,
        data={"fields": changed},
    )
    return user


@transaction.atomic
def user_deactivate(*, actor: User | None, user: User, reason: str) -> User:
    """The person can no longer sign in (they left, or their identity system
    says so). What they had open elsewhere is withdrawn with ``reason`` by the
    domains (accounts.hooks.account_deactivated); every record stays. Safe to
    call twice."""
    if not user.is_active:
        return user
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    audit_record_public(
        actor=actor,
        action="user.deactivated",
        target=user,
        municipality=user.municipality,
        provider=user.provider,
        data={"at": timezone.now().isoformat()},
    )
    hooks.account_deactivated.send(sender=User, user=user, actor=actor, reason=reason)
    return user


@transaction.atomic
def user_reactivate(*, actor: User | None, user: User) -> User:
    """The person may sign in again (what was withdrawn stays withdrawn)."""
    if user.is_active:
        return user
    User.objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
    audit_record_public(
        actor=actor,
        action="user.reactivated",
        target=user,
        municipality=user.municipality,
        provider=user.provider,
    )
    return user
