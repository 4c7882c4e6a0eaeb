"""The swap journey: started for each swapper when the agreement is signed,
kept in the swapper's home municipality's schema. Every service switches to
that schema itself (people of the host side act from their own site), checks
the actor's part in the journey, runs in one transaction and is audited in
the home municipality's own trail."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from audit.services import audit_record_local
from config.posted import horizon, required_text
from exchange.journey.models import (
    ChecklistItem,
    ChecklistTemplateItem,
    CoachTalk,
    CoachTalkKind,
    GoalEvaluation,
    GoalLevel,
    Idea,
    Journey,
    LogbookEntry,
    NetworkContact,
    Outcome,
    Owner,
    SharingActivity,
    SharingKind,
    Target,
)
from notifications.services import mail_for, send_after_commit
from tenants.organisation import people

# The guide's "before" (001, points 1–3): what a good start needs. HR shapes
# its own list; a municipality without one starts from this.
DEFAULT_CHECKLIST = [
    (
        "Forberedende samtale med coach",
        "Formålet skærpes på tre niveauer: for dig, for de to arbejdspladser og for "
        "organisationen.",
        Owner.COACH,
        21,
    ),
    (
        "Fælles forventningsmøde med begge ledere",
        "Hvad skal jobbytteren lære og bidrage med, og hvad må opgaverne ikke være?",
        Owner.HOME_LEADER,
        14,
    ),
    (
        "Netværkskort: nøglepersoner på værtsarbejdspladsen",
        "Hvem skal jobbytteren kende, og hvorfor? Udfyldes af værten.",
        Owner.HOST_LEADER,
        10,
    ),
    (
        "Besøg på værtsarbejdspladsen",
        "En første dag for at se stedet og møde kolleger.",
        Owner.SWAPPER,
        7,
    ),
    ("Overdragelse af egne opgaver", "Hvem tager hvad, mens du er væk?", Owner.SWAPPER, 5),
    ("Ryddeligt skrivebord", "Det, der venter, er afsluttet eller overdraget.", Owner.SWAPPER, 1),
]

QUIET_AFTER = {"daily": 2, "weekly": 8}


def _bounded(text: str, limit: int, field: str) -> str:
    """Refuse, rather than cut, what is longer than the field holds."""
    if len(text) > limit:
        raise ValidationError({field: [_("At most %(n)s characters, please.") % {"n": limit}]})
    return text


def _journey_path(journey) -> str:
    return f"/exchange/swaps/{journey.swap_id}/journey/{journey.party_id}/"


def template_items() -> list[ChecklistTemplateItem]:
    """The municipality's checklist template, seeded from the guide the first
    time (call in the municipality's schema)."""
    items = list(ChecklistTemplateItem.objects.all())
    if items:
        return items
    for position, (title, description, owner, days) in enumerate(DEFAULT_CHECKLIST):
        ChecklistTemplateItem.objects.create(
            title=title,
            description=description,
            owner=owner,
            days_before_start=days,
            position=position,
        )
    return list(ChecklistTemplateItem.objects.all())


# --- Starting a journey -----------------------------------------------------------


def journeys_start(swap) -> None:
    """The agreement is signed: each swapper's journey starts in their home
    municipality's schema, with the checklist due before the start. Signed
    again after a change, the journey follows the new period. Safe to call
    twice."""
    for party in swap.parties.select_related("home_municipality", "swapper"):
        with tenant_context(party.home_municipality):
            existing = Journey.objects.select_for_update().filter(party_id=party.pk).first()
            if existing is not None:
                _follow_period(existing, swap)
                continue
            coach = (
                User.objects.filter(
                    municipality_id=party.home_municipality_id,
                    is_active=True,
                    memberships__role=Role.COACH,
                )
                .exclude(pk=party.swapper_id)
                .order_by("full_name", "pk")
                .first()
            )
            journey = Journey.objects.create(
                swap_id=swap.pk,
                party_id=party.pk,
                swapper_id=party.swapper_id,
                coach=coach,
                period_start=swap.period_start,
                period_end=swap.period_end,
            )
            today = timezone.localdate()
            for item in template_items():
                ChecklistItem.objects.create(
                    journey=journey,
                    title=item.title,
                    description=item.description,
                    owner=item.owner,
                    due_on=max(today, swap.period_start - timedelta(days=item.days_before_start)),
                )
            audit_record_local(actor=None, action="journey.started", target=journey)
            mails = [
                mail_for(
                    party.swapper,
                    "journey/mail/started.txt",
                    _journey_path(journey),
                    journey=journey,
                )
            ]
            if coach is not None:
                mails.append(
                    mail_for(
                        coach,
                        "journey/mail/coach_assigned.txt",
                        _journey_path(journey),
                        journey=journey,
                        swapper=party.swapper,
                    )
                )
            send_after_commit(mails)


def _follow_period(journey, swap) -> None:
    """A changed agreement moved the period: the journey follows, and open
    checklist items move with the start."""
    shift = swap.period_start - journey.period_start
    if not shift and journey.period_end == swap.period_end:
        return
    today = timezone.localdate()
    for item in journey.checklist.filter(done_at=None):
        item.due_on = max(today, item.due_on + shift)
        item.save(update_fields=["due_on"])
    journey.period_start, journey.period_end = swap.period_start, swap.period_end
    journey.save(update_fields=["period_start", "period_end"])
    audit_record_local(actor=None, action="journey.period_changed", target=journey)


# --- Who is who on a journey -------------------------------------------------------


@dataclass
class Access:
    party: object
    journey: Journey
    roles: set[str]

    def owns(self, owner: str) -> bool:
        return owner in self.roles


def access(*, user, swap_id: int, party_id: int) -> Access:
    """The journey of ``party_id`` in ``swap_id`` with the user's roles on it,
    if they have one: the swapper, the home or host leader, the assigned
    coach, HR of the home municipality. Colleagues see shared logbook entries
    elsewhere. DoesNotExist alike for missing and not theirs. Call in any
    schema; reads the journey in the home municipality's."""
    from exchange.models import SwapParty

    if not (0 < swap_id < 2**63 and 0 < party_id < 2**63) or user.municipality_id is None:
        raise Journey.DoesNotExist
    party = (
        SwapParty.objects.select_related(
            "swap", "home_municipality", "host_municipality", "swapper"
        )
        .filter(pk=party_id, swap_id=swap_id)
        .first()
    )
    if party is None:
        raise Journey.DoesNotExist
    roles = set()
    if party.swapper_id == user.pk:
        roles.add(Owner.SWAPPER)
    if user.has_role(Role.LEADER):
        if user.municipality_id == party.home_municipality_id and any(
            u.pk == user.pk for u in people.home_leaders(party)
        ):
            roles.add(Owner.HOME_LEADER)
        if user.municipality_id == party.host_municipality_id and any(
            u.pk == user.pk for u in people.host_leaders(party)
        ):
            roles.add(Owner.HOST_LEADER)
    if user.has_role(Role.HR) and user.municipality_id == party.home_municipality_id:
        roles.add(Owner.HR)
    with tenant_context(party.home_municipality):
        journey = Journey.objects.filter(party_id=party.pk).first()
    if journey is None:
        raise Journey.DoesNotExist
    if journey.coach_id == user.pk and user.has_role(Role.COACH):
        roles.add(Owner.COACH)
    if not roles:
        raise Journey.DoesNotExist
    return Access(party=party, journey=journey, roles=roles)


def visible_entries(acc: Access):
    """Logbook entries ``acc`` may read: all for the swapper; shared ones for
    the coach and the leaders; none for HR. (Call in the home schema.)"""
    entries = LogbookEntry.objects.filter(journey=acc.journey)
    if Owner.SWAPPER in acc.roles:
        return entries
    from django.db.models import Q

    scope = Q(pk__in=[])
    if Owner.COACH in acc.roles:
        scope |= Q(shared_with_coach=True)
    if acc.roles & {Owner.HOME_LEADER, Owner.HOST_LEADER}:
        scope |= Q(shared_with_leaders=True)
    return entries.filter(scope)


def colleague_entries(user):
    """Entries shared with colleagues of the user's own workplace (call in
    the user's municipality schema)."""
    from tenants.organisation.models import EmployeeProfile

    workplace = (
        EmployeeProfile.objects.filter(user_id=user.pk)
        .values_list("workplace_id", flat=True)
        .first()
    )
    if workplace is None:
        return LogbookEntry.objects.none()
    colleagues = EmployeeProfile.objects.filter(workplace_id=workplace).values_list(
        "user_id", flat=True
    )
    return (
        LogbookEntry.objects.filter(
            shared_with_colleagues=True, journey__swapper_id__in=list(colleagues)
        )
        .exclude(journey__swapper_id=user.pk)
        .select_related("journey")
    )


# --- Writes --------------------------------------------------------------------------


def _in_home(acc: Access):
    return tenant_context(acc.party.home_municipality)


def _require(acc: Access, *owners) -> None:
    if not acc.roles & set(owners):
        raise Journey.DoesNotExist


def checklist_done(*, actor, acc: Access, item_id: int) -> ChecklistItem:
    """The item's owner (or HR) ticks it off."""
    with _in_home(acc), transaction.atomic():
        item = (
            ChecklistItem.objects.select_for_update()
            .filter(pk=item_id, journey=acc.journey)
            .first()
        )
        if item is None or not (acc.owns(item.owner) or Owner.HR in acc.roles):
            raise Journey.DoesNotExist
        if item.done_at is None:
            item.done_at = timezone.now()
            item.done_by_id = actor.pk
            item.save(update_fields=["done_at", "done_by"])
            audit_record_local(actor=actor, action="journey.checklist_done", target=item)
        return item


def contact_add(*, actor, acc: Access, name: str, role: str) -> NetworkContact:
    """The host adds someone the swapper should know (the host leader, or the
    swapper noting someone they met)."""
    _require(acc, Owner.HOST_LEADER, Owner.SWAPPER)
    name = _bounded(required_text(name, "name", _("Write a name.")), 160, "name")
    role = _bounded(
        required_text(role, "role", _("Write the role and why to know them.")), 300, "role"
    )
    with _in_home(acc), transaction.atomic():
        contact = NetworkContact.objects.create(
            journey=acc.journey, name=name, role=role, added_by_id=actor.pk
        )
        audit_record_local(actor=actor, action="journey.contact_added", target=contact)
    return contact


def cadence_set(*, actor, acc: Access, cadence: str) -> Journey:
    _require(acc, Owner.SWAPPER)
    if cadence not in ("daily", "weekly"):
        raise ValidationError({"cadence": [_("Choose daily or weekly.")]})
    with _in_home(acc), transaction.atomic():
        Journey.objects.filter(pk=acc.journey.pk).update(cadence=cadence)
        acc.journey.cadence = cadence
    return acc.journey


def logbook_add(
    *,
    actor,
    acc: Access,
    entry_date: date | None,
    text: str,
    coach: bool = False,
    leaders: bool = False,
    colleagues: bool = False,
) -> LogbookEntry:
    """The swapper writes in their logbook: a day within the swap period and
    not in the future; private unless shared."""
    _require(acc, Owner.SWAPPER)
    journey = acc.journey
    text = _bounded(required_text(text, "text", _("Write something.")), 20000, "text")
    if entry_date is None:
        raise ValidationError({"entry_date": [_("Choose the day.")]})
    if not journey.period_start <= entry_date <= journey.period_end:
        raise ValidationError(
            {
                "entry_date": [
                    _("Choose a day in the swap period, %(a)s to %(b)s.")
                    % {"a": journey.period_start, "b": journey.period_end}
                ]
            }
        )
    if entry_date > timezone.localdate():
        raise ValidationError({"entry_date": [_("The logbook is written afterwards, not ahead.")]})
    with _in_home(acc), transaction.atomic():
        entry = LogbookEntry.objects.create(
            journey=journey,
            entry_date=entry_date,
            text=text,
            shared_with_coach=bool(coach),
            shared_with_leaders=bool(leaders),
            shared_with_colleagues=bool(colleagues),
        )
        audit_record_local(actor=actor, action="journey.logbook_written", target=entry)
    return entry


def logbook_share(
    *, actor, acc: Access, entry_id: int, coach: bool, leaders: bool, colleagues: bool
):
    _require(acc, Owner.SWAPPER)
    with _in_home(acc), transaction.atomic():
        entry = (
            LogbookEntry.objects.select_for_update()
            .filter(pk=entry_id, journey=acc.journey)
            .first()
        )
        if entry is None:
            raise Journey.DoesNotExist
        entry.shared_with_coach, entry.shared_with_leaders, entry.shared_with_colleagues = (
            bool(coach),
            bool(leaders),
            bool(colleagues),
        )
        entry.save(
            update_fields=["shared_with_coach", "shared_with_leaders", "shared_with_colleagues"]
        )
        audit_record_local(actor=actor, action="journey.logbook_shared", target=entry)
    return entry


def coach_talk_add(*, actor, acc: Access, kind: str, held_on: date | None, notes: str) -> CoachTalk:
    _require(acc, Owner.COACH)
    if kind not in CoachTalkKind.values:
        raise ValidationError({"kind": [_("Choose the kind of talk.")]})
    if held_on is None or held_on > timezone.localdate():
        raise ValidationError({"held_on": [_("Choose the day the talk was held.")]})
    notes = _bounded(required_text(notes, "notes", _("Write your notes.")), 20000, "notes")
    with _in_home(acc), transaction.atomic():
        talk = CoachTalk.objects.create(
            journey=acc.journey, kind=kind, held_on=held_on, notes=notes, coach_id=actor.pk
        )
        audit_record_local(actor=actor, action="journey.coach_talk", target=talk)
    return talk


def coach_assign(*, actor, acc: Access, coach: User | None) -> Journey:
    """HR of the home municipality chooses the coach."""
    _require(acc, Owner.HR)
    if (
        coach is None
        or coach.municipality_id != acc.party.home_municipality_id
        or not coach.has_role(Role.COACH)
    ):
        raise ValidationError({"coach": [_("Choose a coach of your municipality.")]})
    with _in_home(acc), transaction.atomic():
        Journey.objects.filter(pk=acc.journey.pk).update(coach=coach)
        acc.journey.coach = coach
        audit_record_local(actor=actor, action="journey.coach_assigned", target=acc.journey)
    send_after_commit(
        [
            mail_for(
                coach,
                "journey/mail/coach_assigned.txt",
                _journey_path(acc.journey),
                journey=acc.journey,
                swapper=acc.party.swapper,
            )
        ]
    )
    return acc.journey


def evaluation_save(*, actor, acc: Access, level: str, outcome: str, words: str) -> GoalEvaluation:
    """The swapper evaluates a learning goal on one of the three levels, once
    the swap has begun."""
    _require(acc, Owner.SWAPPER)
    if level not in GoalLevel.values:
        raise ValidationError({"level": [_("Choose the level.")]})
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": [_("Choose met, partly met or not met.")]})
    words = _bounded(required_text(words, "words", _("Say it in your own words.")), 5000, "words")
    if acc.journey.period_start > timezone.localdate():
        raise ValidationError(_("The goals are evaluated once the swap has begun."))
    with _in_home(acc), transaction.atomic():
        evaluation, _created = GoalEvaluation.objects.update_or_create(
            journey=acc.journey, level=level, defaults={"outcome": outcome, "words": words}
        )
        audit_record_local(
            actor=actor,
            action="journey.goal_evaluated",
            target=evaluation,
            data={"level": level, "outcome": outcome},
        )
    return evaluation


def sharing_add(
    *, actor, acc: Access, kind: str, planned_on: date | None, note: str = ""
) -> SharingActivity:
    _require(acc, Owner.SWAPPER, Owner.HOME_LEADER)
    if kind not in SharingKind.values:
        raise ValidationError({"kind": [_("Choose how to share.")]})
    note = _bounded((note or "").strip(), 300, "note")
    if planned_on is None or not acc.journey.period_start <= planned_on <= horizon():
        raise ValidationError({"planned_on": [_("Choose a day from the start of the swap.")]})
    with _in_home(acc), transaction.atomic():
        activity = SharingActivity.objects.create(
            journey=acc.journey, kind=kind, planned_on=planned_on, note=note
        )
        audit_record_local(actor=actor, action="journey.sharing_planned", target=activity)
    return activity


def sharing_done(*, actor, acc: Access, activity_id: int) -> SharingActivity:
    _require(acc, Owner.SWAPPER, Owner.HOME_LEADER)
    with _in_home(acc), transaction.atomic():
        activity = (
            SharingActivity.objects.select_for_update()
            .filter(pk=activity_id, journey=acc.journey)
            .first()
        )
        if activity is None:
            raise Journey.DoesNotExist
        if activity.done_at is None:
            activity.done_at = timezone.now()
            activity.save(update_fields=["done_at"])
            audit_record_local(actor=actor, action="journey.shared", target=activity)
    return activity


def idea_add(
    *, actor, acc: Access, text: str, owner: User | None, follow_up_on: date | None
) -> Idea:
    """An idea the home workplace will try, with an owner at home and a day
    to follow up."""
    _require(acc, Owner.SWAPPER, Owner.HOME_LEADER)
    text = _bounded(required_text(text, "text", _("Write the idea.")), 5000, "text")
    errors = {}
    if owner is None or owner.pk not in {u.pk for u in idea_owners(acc)}:
        errors["owner"] = [_("Choose the swapper, the home leader or HR as the owner.")]
    if follow_up_on is None or not timezone.localdate() <= follow_up_on <= horizon():
        errors["follow_up_on"] = [_("Choose a day from today and at most five years ahead.")]
    if errors:
        raise ValidationError(errors)
    with _in_home(acc), transaction.atomic():
        idea = Idea.objects.create(
            journey=acc.journey, text=text, owner_id=owner.pk, follow_up_on=follow_up_on
        )
        audit_record_local(actor=actor, action="journey.idea_added", target=idea)
    if owner.pk != actor.pk:
        send_after_commit(
            [mail_for(owner, "journey/mail/idea_owner.txt", _journey_path(acc.journey), idea=idea)]
        )
    return idea


def idea_owners(acc: Access) -> list[User]:
    """Who can own an idea (and so reach the journey to follow it up): the
    swapper, the home leader(s) and HR of the home municipality."""
    owners = {acc.party.swapper_id: acc.party.swapper}
    for user in [*people.home_leaders(acc.party), *people.hr_of(acc.party.home_municipality)]:
        owners[user.pk] = user
    return sorted(owners.values(), key=lambda u: u.full_name)


def idea_outcome(*, actor, acc: Access, idea_id: int, outcome: str) -> Idea:
    """The follow-up: how the idea went (the swapper, the home leader or HR)."""
    _require(acc, Owner.SWAPPER, Owner.HOME_LEADER, Owner.HR)
    outcome = _bounded(required_text(outcome, "outcome", _("Write how it went.")), 5000, "outcome")
    with _in_home(acc), transaction.atomic():
        idea = Idea.objects.select_for_update().filter(pk=idea_id, journey=acc.journey).first()
        if idea is None:
            raise Journey.DoesNotExist
        idea.outcome = outcome
        idea.save(update_fields=["outcome"])
        audit_record_local(actor=actor, action="journey.idea_followed_up", target=idea)
    return idea


# --- HR: template and target -----------------------------------------------------------


@transaction.atomic
def template_item_add(*, actor, title: str, owner: str, days_before_start, description: str = ""):
    """HR adds to the municipality's checklist (call in its schema)."""
    if not actor.has_role(Role.HR):
        raise ChecklistTemplateItem.DoesNotExist
    errors = {}
    if not (title or "").strip():
        errors["title"] = [_("This field is required.")]
    if owner not in Owner.values:
        errors["owner"] = [_("Choose who does it.")]
    if not isinstance(days_before_start, int) or not 0 <= days_before_start <= 365:
        errors["days_before_start"] = [_("Give a number of days from 0 to 365.")]
    if errors:
        raise ValidationError(errors)
    template_items()
    position = ChecklistTemplateItem.objects.count()
    item = ChecklistTemplateItem.objects.create(
        title=title.strip()[:200],
        description=(description or "").strip(),
        owner=owner,
        days_before_start=days_before_start,
        position=position,
    )
    audit_record_local(actor=actor, action="journey.template_item_added", target=item)
    return item


@transaction.atomic
def template_item_remove(*, actor, item_id: int) -> None:
    if not actor.has_role(Role.HR):
        raise ChecklistTemplateItem.DoesNotExist
    item = ChecklistTemplateItem.objects.filter(pk=item_id).first()
    if item is None:
        raise ChecklistTemplateItem.DoesNotExist
    audit_record_local(actor=actor, action="journey.template_item_removed", target=item)
    item.delete()


@transaction.atomic
def target_set(*, actor, year: int, swaps: int) -> Target:
    """HR sets the year's target (the director-contract figure)."""
    if not actor.has_role(Role.HR):
        raise Target.DoesNotExist
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": [_("Give a year.")]})
    if not isinstance(swaps, int) or not 0 <= swaps <= 100000:
        raise ValidationError({"swaps": [_("Give a number of swaps.")]})
    target, _created = Target.objects.update_or_create(year=year, defaults={"swaps": swaps})
    audit_record_local(
        actor=actor, action="journey.target_set", target=target, data={"year": year, "swaps": swaps}
    )
    return target


# --- Reminders (daily, per municipality) ------------------------------------------------------


def reminders_send(today=None) -> int:
    """Checklist items due within three days (or overdue) to their owners,
    quiet logbooks to their swappers, ideas due for follow-up to their
    owners. Each reminded at most once a day (call in the schema)."""
    from exchange.models import SwapParty

    today = today or timezone.localdate()
    mails = []
    with transaction.atomic():
        for item in (
            ChecklistItem.objects.select_for_update()
            .select_related("journey")
            .filter(
                done_at=None,
                due_on__lte=today + timedelta(days=3),
                journey__period_start__gte=today,  # the list is for before the start
            )
        ):
            if item.reminded_on == today:
                continue
            party = (
                SwapParty.objects.select_related("home_municipality", "host_municipality")
                .filter(pk=item.journey.party_id)
                .first()
            )
            if party is None:
                continue
            for user in _owners(item.owner, item.journey, party):
                mails.append(
                    mail_for(
                        user,
                        "journey/mail/checklist_due.txt",
                        _journey_path(item.journey),
                        item=item,
                    )
                )
            item.reminded_on = today
            item.save(update_fields=["reminded_on"])
        for journey in Journey.objects.select_for_update().filter(
            period_start__lte=today, period_end__gte=today
        ):
            quiet = QUIET_AFTER[journey.cadence]
            last = (
                journey.logbook.order_by("-entry_date").values_list("entry_date", flat=True).first()
            )
            since = last or journey.period_start - timedelta(days=1)
            if (today - since).days < quiet:
                continue
            if journey.logbook_reminded_on and (today - journey.logbook_reminded_on).days < quiet:
                continue
            swapper = User.objects.filter(pk=journey.swapper_id, is_active=True).first()
            if swapper is not None:
                mails.append(
                    mail_for(
                        swapper,
                        "journey/mail/logbook_quiet.txt",
                        _journey_path(journey),
                        journey=journey,
                    )
                )
            journey.logbook_reminded_on = today
            journey.save(update_fields=["logbook_reminded_on"])
        for idea in (
            Idea.objects.select_for_update()
            .select_related("journey")
            .filter(follow_up_on__lte=today, outcome="")
        ):
            if idea.reminded_on and (today - idea.reminded_on).days < 7:
                continue
            idea.reminded_on = today
            idea.save(update_fields=["reminded_on"])
            owner = User.objects.filter(pk=idea.owner_id, is_active=True).first()
            if owner is not None:
                mails.append(
                    mail_for(
                        owner, "journey/mail/idea_due.txt", _journey_path(idea.journey), idea=idea
                    )
                )
        send_after_commit(mails)
    return len(mails)


def _owners(owner: str, journey, party) -> list[User]:
    if owner == Owner.SWAPPER:
        return list(User.objects.filter(pk=journey.swapper_id, is_active=True))
    if owner == Owner.HOME_LEADER:
        return people.home_leaders(party)
    if owner == Owner.HOST_LEADER:
        return people.host_leaders(party)
    if owner == Owner.COACH:
        return (
            list(User.objects.filter(pk=journey.coach_id, is_active=True))
            if journey.coach_id
            else people.hr_of(party.home_municipality)
        )
    return people.hr_of(party.home_municipality)
