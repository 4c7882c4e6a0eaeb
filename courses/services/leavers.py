"""What joint courses do when a person leaves (accounts.hooks.
account_deactivated, subscribed in CoursesConfig.ready()): every nomination
of theirs that is still alive ends, with the reason given, and the others
concerned are told. Completed courses, attendance, submissions and every
record stay: nothing is deleted.

- Asked for, awaiting the employee, or approved (in the pooled demand): the
  nomination is withdrawn; the participant's leaders and whoever nominated
  them are told.
- Seated in a cohort that has not begun: withdrawn, and the seat is freed
  for a substitute from the same municipality until the release day, as when
  a participant cancels; HR is told the seat is free, the provider that a
  participant has left.
- Seated in a cohort that has begun (its first module's first day has
  come): the participation ends as well. The person no longer works for the
  municipality that pays for the course, and can no longer sign in for its
  assignments; they will not complete it, so they must not be counted as
  having done so nor get its follow-up. What they took part in stays on the
  record (their attendance and submissions). The provider is told, so no
  one waits for them at the next module; the seat is not offered to anyone
  (no cohort seats newcomers once it has begun).

``actor`` is whoever deactivated the person (HR, the identity system, or
None for the platform), recorded in the audit with the reason."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from accounts.actors import Actor
from accounts.models import User
from audit.services import audit_record_public
from courses.models import LIVE_NOMINATION, Cohort, Nomination, NominationStatus
from courses.selectors import provider_staff
from courses.services.mail import course_mail, nomination_path
from notifications.services import send_after_commit
from tenants.models import Municipality
from tenants.organisation import people


def cohort_has_begun(cohort: Cohort, today) -> bool:
    """Whether the first day of ``cohort``'s first dated module has come."""
    first = cohort.modules.exclude(starts_on=None).order_by("starts_on").first()
    return first is not None and first.starts_on <= today


@transaction.atomic
def nominations_withdraw_for_leaver(
    *, actor: Actor | None, participant: User, reason: str
) -> list[Nomination]:
    """End every live nomination of ``participant`` with ``reason`` (see the
    module's docstring for what happens to a seat). Safe to call twice."""
    live = Nomination.objects.filter(participant=participant, status__in=LIVE_NOMINATION)
    # Lock order as everywhere else: the cohorts, then their nominations.
    cohorts = {
        c.pk: c
        for c in Cohort.objects.select_for_update()
        .filter(pk__in=live.exclude(cohort=None).values("cohort_id"))
        .select_related("course__provider")
        .order_by("pk")
    }
    nominations = list(
        live.select_for_update(of=("self",)).select_related("course", "nominated_by").order_by("pk")
    )
    if not nominations:
        return []
    today, now = timezone.localdate(), timezone.now()
    municipality = Municipality.objects.get(pk=nominations[0].municipality_id)
    with tenant_context(municipality):
        leaders = people.leaders_of(participant)
    mails = []
    for nomination in nominations:
        cohort = None
        if nomination.cohort_id is not None:
            cohort = cohorts.get(nomination.cohort_id) or (
                Cohort.objects.select_for_update()
                .select_related("course__provider")
                .get(pk=nomination.cohort_id)
            )
        begun = cohort is not None and cohort_has_begun(cohort, today)
        if cohort is not None:
            Cohort.objects.filter(pk=cohort.pk).update(seated=F("seated") - 1)
        nomination.status = NominationStatus.CANCELLED
        nomination.reason = reason
        nomination.cohort = None
        nomination.ended_at = now
        nomination.save(update_fields=["status", "reason", "cohort", "ended_at"])
        audit_record_public(
            actor=actor,
            action="nomination.withdrawn_leaver",
            target=nomination,
            municipality=municipality,
            data={
                "reason": reason,
                "cohort": cohort.pk if cohort else None,
                "cohort_begun": begun,
            },
        )
        mails += _tell(actor, participant, nomination, cohort, begun, leaders, reason)
    send_after_commit(mails)
    return nominations


def _tell(actor, participant, nomination, cohort, begun, leaders, reason) -> list:
    """The participant's leaders and their nominator; for a seat, the
    provider, and HR when the seat is free for a substitute. Not the person
    who left, not the actor (who knows)."""
    skip = {participant.pk}
    if getattr(actor, "is_person", False):
        skip.add(actor.pk)
    concerned = {u.pk: u for u in leaders}
    if nomination.nominated_by is not None:
        concerned[nomination.nominated_by.pk] = nomination.nominated_by
    mails = [
        course_mail(
            user,
            "nomination_withdrawn_leaver",
            nomination_path(nomination),
            nomination=nomination,
            participant=participant,
            cohort=cohort,
            begun=begun,
            reason=reason,
        )
        for user in concerned.values()
        if user.pk not in skip and user.is_active
    ]
    if cohort is None:
        return mails
    if not begun:
        mails += [
            course_mail(
                user,
                "seat_freed",
                f"/courses/{cohort.course_id}/",
                cohort=cohort,
                nomination=nomination,
            )
            for user in people.hr_of(participant.municipality)
            if user.pk not in skip and user.pk not in concerned
        ]
    mails += [
        course_mail(user, "participant_cancelled", f"/courses/cohorts/{cohort.pk}/", cohort=cohort)
        for user in provider_staff(cohort.course.provider_id)
    ]
    return mails


def withdraw_for_leaver(sender, *, user: User, actor: Actor | None, reason: str, **_kwargs):
    """accounts.hooks.account_deactivated: the person's live nominations end
    (inside the deactivating transaction)."""
    nominations_withdraw_for_leaver(actor=actor, participant=user, reason=reason)


def what_leaving_withdraws(user: User) -> list[str]:
    """What withdraw_for_leaver would end for ``user``, in words (for the
    confirmation HR reads; accounts.hooks.register_leaving_preview)."""
    today = timezone.localdate()
    items = []
    for nomination in (
        Nomination.objects.filter(participant=user, status__in=LIVE_NOMINATION)
        .select_related("course", "cohort")
        .order_by("pk")
    ):
        title = nomination.course.title
        if nomination.cohort is None:
            items.append(_("The nomination for “%(course)s”") % {"course": title})
        elif cohort_has_begun(nomination.cohort, today):
            items.append(
                _(
                    "The participation in “%(course)s”, cohort %(number)s, which has begun "
                    "(it ends; what was attended stays on record)"
                )
                % {"course": title, "number": nomination.cohort.number}
            )
        else:
            items.append(
                _("The seat in “%(course)s”, cohort %(number)s (freed for a substitute)")
                % {"course": title, "number": nomination.cohort.number}
            )
    return items
