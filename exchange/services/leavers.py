"""What the exchange does when a person leaves (accounts.hooks.
account_deactivated, subscribed in ExchangeConfig.ready()): their
applications that await an answer and their active swap requests are
withdrawn with the reason given, and the other parties told. Swaps under
way — an accepted application, a request that became a swap — and every
record stay: nothing is deleted.

These services do not ask the person who left to act: ``actor`` is whoever
deactivated them (HR, the municipality's identity system through the API,
or None for the platform), and is recorded in the audit with the reason."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actors import Actor
from accounts.models import User
from audit.services import audit_record_public
from exchange import hooks
from exchange.models import (
    Application,
    ApplicationStatus,
    Interest,
    RequestStatus,
    SwapRequest,
)
from notifications.services import mail_for, send_after_commit
from tenants.organisation import people


def _others(users, actor: Actor | None, leaver: User) -> list[User]:
    """``users`` without the one who left and without the actor (who knows)."""
    skip = {leaver.pk, getattr(actor, "pk", None) if getattr(actor, "is_person", False) else None}
    return [u for u in {u.pk: u for u in users}.values() if u.pk not in skip and u.is_active]


@transaction.atomic
def applications_withdraw_for_leaver(
    *, actor: Actor | None, applicant: User, reason: str
) -> list[Application]:
    """Withdraw ``applicant``'s applications that await an answer, with
    ``reason``; each opening's managers (its municipality's HR and the
    workplace's leaders) are told. Accepted applications are swaps under way
    and stay. Safe to call twice."""
    waiting = list(
        Application.objects.select_for_update()
        .filter(applicant=applicant, status=ApplicationStatus.SUBMITTED)
        .select_related("opening__municipality")
        .order_by("pk")
    )
    now = timezone.now()
    mails = []
    for application in waiting:
        application.status = ApplicationStatus.WITHDRAWN
        application.decision_reason = reason
        application.decided_at = now
        application.save(update_fields=["status", "decision_reason", "decided_at"])
        opening = application.opening
        audit_record_public(
            actor=actor,
            action="application.withdrawn_leaver",
            target=application,
            municipality=opening.municipality,
            data={"reason": reason, "applicant": applicant.pk},
        )
        mails += [
            mail_for(
                manager,
                "exchange/mail/application_withdrawn_leaver.txt",
                f"/exchange/openings/{opening.pk}/",
                application=application,
                applicant=applicant,
                opening=opening,
                reason=reason,
            )
            for manager in _others(people.opening_managers(opening), actor, applicant)
        ]
    send_after_commit(mails)
    return waiting


@transaction.atomic
def swap_requests_withdraw_for_leaver(
    *, actor: Actor | None, owner: User, reason: str
) -> list[SwapRequest]:
    """Withdraw ``owner``'s active swap requests with ``reason``. Each leaves
    matching's pool (exchange.hooks.swap_request_left_pool: a live proposal
    it is in ends, and its other members are told by matching); the owners
    of active requests that expressed interest in it, or that it expressed
    interest in, are told — by the request's public label, as they know it,
    never by name. Requests that became swaps stay. Safe to call twice."""
    active = list(
        SwapRequest.objects.select_for_update()
        .filter(owner=owner, status=RequestStatus.ACTIVE)
        .select_related("municipality", "profession")
        .order_by("pk")
    )
    mails = []
    for request in active:
        request.status = RequestStatus.WITHDRAWN
        request.withdrawn_reason = reason
        request.save(update_fields=["status", "withdrawn_reason", "updated_at"])
        hooks.swap_request_left_pool.send(sender=SwapRequest, request=request, actor=actor)
        audit_record_public(
            actor=actor,
            action="swap_request.withdrawn_leaver",
            target=request,
            municipality=request.municipality,
            data={"reason": reason},
        )
        related = Interest.objects.filter(Q(to_request=request) | Q(from_request=request))
        counterparts = (
            SwapRequest.objects.filter(
                Q(pk__in=related.values("from_request")) | Q(pk__in=related.values("to_request")),
                status=RequestStatus.ACTIVE,
            )
            .exclude(pk=request.pk)
            .select_related("owner")
        )
        mails += [
            mail_for(
                other,
                "exchange/mail/request_withdrawn_leaver.txt",
                "/exchange/requests/",
                request=request,
                reason=reason,
            )
            for other in _others([c.owner for c in counterparts], actor, owner)
        ]
    send_after_commit(mails)
    return active


def withdraw_for_leaver(sender, *, user: User, actor: Actor | None, reason: str, **_kwargs):
    """accounts.hooks.account_deactivated: the person's open applications and
    swap requests are withdrawn (inside the deactivating transaction)."""
    applications_withdraw_for_leaver(actor=actor, applicant=user, reason=reason)
    swap_requests_withdraw_for_leaver(actor=actor, owner=user, reason=reason)


def what_leaving_withdraws(user: User) -> list[str]:
    """What withdraw_for_leaver would withdraw for ``user``, in words (for
    the confirmation HR reads; accounts.hooks.register_leaving_preview)."""
    applications = (
        Application.objects.filter(applicant=user, status=ApplicationStatus.SUBMITTED)
        .select_related("opening__municipality")
        .order_by("pk")
    )
    requests = (
        SwapRequest.objects.filter(owner=user, status=RequestStatus.ACTIVE)
        .select_related("municipality", "profession")
        .order_by("pk")
    )
    return [
        _("The application to “%(title)s” (%(municipality)s), which awaits an answer")
        % {"title": a.opening.title, "municipality": a.opening.municipality.name}
        for a in applications
    ] + [
        _("The swap request %(label)s, and any match proposal it is in") % {"label": r.public_label}
        for r in requests
    ]
