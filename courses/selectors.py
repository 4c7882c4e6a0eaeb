"""Reads of joint courses, scoped to what the viewer's organisation may see.
A single object is fetched by id and scope together (``<entity>_for_<actor>``):
missing and not-yours are the same DoesNotExist."""

from django.db.models import Count, Min, Q
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from config.posted import storable_id
from courses.models import (
    CancelledSeat,
    Cohort,
    CohortModule,
    CohortStatus,
    Course,
    CourseStatus,
    Nomination,
    NominationStatus,
)
from notifications.waiting import WaitingItem
from tenants.models import Municipality
from tenants.organisation import people

# --- Provider side -------------------------------------------------------------


def is_provider_staff(user, provider_id) -> bool:
    """Whether ``user`` (a person, or a partner system) acts for the provider."""
    return bool(
        getattr(user, "is_authenticated", True)
        and user.provider_id
        and user.provider_id == provider_id
        and user.has_role(Role.PROVIDER_STAFF)
    )


def provider_staff(provider_id) -> list[User]:
    """The provider's active staff (who are told of its cohorts)."""
    return list(
        User.objects.filter(
            provider_id=provider_id, is_active=True, memberships__role=Role.PROVIDER_STAFF
        ).distinct()
    )


def provider_courses(user):
    """The courses of ``user``'s provider, if they are its staff."""
    if not user.provider_id or not user.has_role(Role.PROVIDER_STAFF):
        return Course.objects.none()
    return Course.objects.filter(provider_id=user.provider_id)


def course_for_provider(*, user, course_id: int) -> Course:
    """One of the courses of the provider ``user`` works for (its staff)."""
    if not storable_id(course_id):
        raise Course.DoesNotExist
    return provider_courses(user).prefetch_related("modules").get(pk=course_id)


def cohort_for_provider(*, user, cohort_id: int) -> Cohort:
    """A cohort of one of the courses of the provider ``user`` works for."""
    if not storable_id(cohort_id):
        raise Cohort.DoesNotExist
    return (
        Cohort.objects.select_related("course__provider")
        .filter(course__in=provider_courses(user))
        .get(pk=cohort_id)
    )


def demand_by_municipality(course) -> list[dict]:
    """What the provider sees of demand: counts per municipality (approved
    and waiting, seated, and still to be answered) — no names."""
    return list(
        Nomination.objects.filter(course=course)
        .values("municipality__name", "municipality__code")
        .annotate(
            waiting=Count("pk", filter=Q(status=NominationStatus.APPROVED)),
            seated=Count("pk", filter=Q(status=NominationStatus.SEATED)),
            completed=Count("pk", filter=Q(status=NominationStatus.COMPLETED)),
            pending=Count(
                "pk",
                filter=Q(
                    status__in=[NominationStatus.REQUESTED, NominationStatus.AWAITING_EMPLOYEE]
                ),
            ),
        )
        .order_by("municipality__name")
    )


def costs_by_municipality(course) -> list[dict]:
    """Price × seats per municipality (seated and completed)."""
    out = []
    for row in demand_by_municipality(course):
        seats = row["seated"] + row["completed"]
        out.append(
            {
                "municipality": row["municipality__name"],
                "seats": seats,
                "cost": seats * course.price_per_participant,
            }
        )
    return out


def municipalities_nominating(course):
    """The municipalities with a nomination for ``course`` (by name)."""
    return Municipality.objects.filter(
        pk__in=course.nominations.values("municipality_id")
    ).order_by("name")


def seated_in(cohort):
    """The cohort's participants (seated, or completed with it)."""
    return Nomination.objects.filter(
        cohort=cohort, status__in=[NominationStatus.SEATED, NominationStatus.COMPLETED]
    )


def participants(cohort):
    """Names of those seated (or completed) in the cohort, for its provider."""
    return (
        seated_in(cohort)
        .select_related("participant", "municipality")
        .order_by("municipality__name", "participant__full_name")
    )


def with_meter(courses):
    """Courses annotated with what the list pages show (no query per row)."""
    return courses.annotate(
        waiting_count=Count(
            "nominations", filter=Q(nominations__status=NominationStatus.APPROVED), distinct=True
        ),
        module_count=Count("modules", distinct=True),
    )


def meter(course) -> dict:
    """The meter, "X of minimum Y": approved nominees waiting for a cohort."""
    waiting = getattr(course, "waiting_count", None)
    if waiting is None:
        waiting = Nomination.objects.filter(course=course, status=NominationStatus.APPROVED).count()
    return {
        "waiting": waiting,
        "minimum": course.min_participants,
        "maximum": course.max_participants,
        "missing": max(0, course.min_participants - waiting),
        "percent": min(100, round(100 * waiting / course.min_participants)),
    }


def demand(course) -> dict:
    """Approved nominees without a seat per municipality id (first come
    first): the pooled demand the meter shows and the fair split uses."""
    waiting = (
        Nomination.objects.filter(course=course, status=NominationStatus.APPROVED)
        .values("municipality_id")
        .annotate(n=Count("pk"), first=Min("approved_at"))
        .order_by("first", "municipality_id")
    )
    return {row["municipality_id"]: row["n"] for row in waiting}


# --- Municipality side ------------------------------------------------------------


def offered_filter(municipality) -> Q:
    """Courses offered to ``municipality``: named, through a network, or to
    everyone (no municipality or network named)."""
    networks = municipality.network_memberships.values("network_id")
    return (
        Q(offered_to_municipalities=municipality)
        | Q(offered_to_networks__in=networks)
        | (Q(offered_to_municipalities__isnull=True) & Q(offered_to_networks__isnull=True))
    )


def offered_courses(municipality):
    """Published courses offered to ``municipality`` (what it may nominate for)."""
    return Course.objects.filter(
        Q(pk__in=Course.objects.filter(offered_filter(municipality)).values("pk")),
        status=CourseStatus.PUBLISHED,
    ).select_related("provider")


def courses_for_municipality(municipality):
    """Published courses offered to the municipality, and any course it has
    nominations in (so a closed course stays readable to it)."""
    return Course.objects.filter(
        Q(
            pk__in=Course.objects.filter(offered_filter(municipality)).values("pk"),
            status="published",
        )
        | Q(pk__in=Nomination.objects.filter(municipality=municipality).values("course_id"))
    ).select_related("provider")


def course_for_municipality(*, user, course_id: int) -> Course:
    """A course ``user``'s municipality is offered or has nominations in."""
    if not storable_id(course_id) or user.municipality_id is None:
        raise Course.DoesNotExist
    return courses_for_municipality(user.municipality).prefetch_related("modules").get(pk=course_id)


def courses_with_seats_of(municipality):
    """Courses in which ``municipality`` has had a seat (seated or completed),
    by title: what its results and costs are about."""
    return Course.objects.filter(
        pk__in=Nomination.objects.filter(
            municipality=municipality,
            status__in=[NominationStatus.SEATED, NominationStatus.COMPLETED],
        ).values("course_id")
    ).order_by("title")


def is_leader_of(user, participant) -> bool:
    """Whether ``user`` is a leader and one of ``participant``'s leaders
    (call in the participant's municipality's schema)."""
    return user.has_role(Role.LEADER) and any(
        leader.pk == user.pk for leader in people.leaders_of(participant)
    )


def may_manage_nomination(user, nomination) -> bool:
    """HR of the municipality, and the participant's leader."""
    if user.municipality_id != nomination.municipality_id:
        return False
    return user.has_role(Role.HR) or is_leader_of(user, nomination.participant)


def may_nominate(user) -> bool:
    """HR and leaders nominate (a leader only their own team)."""
    return user.has_role(Role.HR) or user.has_role(Role.LEADER)


def nominees_for(user):
    """Whom ``user`` may nominate: HR anyone in the municipality with a job,
    a leader their own team. Call in the user's municipality schema."""
    ids = people.employees_with_a_job() if user.has_role(Role.HR) else people.team_user_ids(user)
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name")


def nominations_visible_to(user):
    """HR: every nomination of the municipality; a leader: their team's and
    their own; anyone: their own. Call in the user's municipality schema."""
    if user.municipality_id is None:
        return Nomination.objects.none()
    scope = Q(participant_id=user.pk)
    if user.has_role(Role.HR):
        scope = Q(municipality_id=user.municipality_id)
    elif user.has_role(Role.LEADER):
        scope |= Q(
            participant_id__in=people.team_user_ids(user), municipality_id=user.municipality_id
        )
    return Nomination.objects.filter(scope).select_related(
        "course__provider", "participant", "cohort", "municipality"
    )


def nomination_for_viewer(*, user, nomination_id: int) -> Nomination:
    """A nomination ``user`` may see (see nominations_visible_to)."""
    if not storable_id(nomination_id):
        raise Nomination.DoesNotExist
    return nominations_visible_to(user).get(pk=nomination_id)


def cohort_for_municipality_user(*, user, cohort_id: int) -> Cohort:
    """A cohort the user takes part in, or one their employees are in (HR:
    any of the municipality's; a leader: their team's) — or were in when the
    provider cancelled it."""
    if not storable_id(cohort_id) or user.municipality_id is None:
        raise Cohort.DoesNotExist
    if user.has_role(Role.HR):
        mine = Nomination.objects.filter(municipality_id=user.municipality_id)
    elif user.has_role(Role.LEADER):
        mine = Nomination.objects.filter(
            Q(participant_id=user.pk)
            | Q(participant_id__in=people.team_user_ids(user), municipality_id=user.municipality_id)
        )
    else:
        mine = Nomination.objects.filter(participant_id=user.pk)
    seated = mine.filter(status__in=[NominationStatus.SEATED, NominationStatus.COMPLETED])
    lost = CancelledSeat.objects.filter(nomination__in=mine)
    return (
        Cohort.objects.select_related("course__provider")
        .filter(Q(pk__in=seated.values("cohort_id")) | Q(pk__in=lost.values("cohort_id")))
        .get(pk=cohort_id)
    )


def modules_of_participant(user):
    """Every dated module of the cohorts the user is seated in, and of those
    they were seated in when the provider cancelled them (their feed)."""
    seated = Nomination.objects.filter(
        participant_id=user.pk,
        status__in=[NominationStatus.SEATED, NominationStatus.COMPLETED],
        cohort__status__in=[CohortStatus.CONFIRMED, CohortStatus.COMPLETED],
    )
    lost = CancelledSeat.objects.filter(nomination__participant_id=user.pk)
    return (
        CohortModule.objects.filter(
            Q(cohort_id__in=seated.values("cohort_id")) | Q(cohort_id__in=lost.values("cohort_id"))
        )
        .select_related("cohort__course", "module")
        .order_by("starts_on")
        .distinct()
    )


# --- Who is told ---------------------------------------------------------------


def concerned_with(nominations) -> dict[int, User]:
    """The participants of ``nominations``, their leaders (read in each
    municipality's own schema) and their municipalities' HR, by user id."""
    concerned: dict[int, User] = {}
    for municipality in Municipality.objects.filter(
        pk__in={n.municipality_id for n in nominations}
    ):
        here = [n for n in nominations if n.municipality_id == municipality.pk]
        with tenant_context(municipality):
            for nomination in here:
                concerned[nomination.participant_id] = nomination.participant
                for leader in people.leaders_of(nomination.participant):
                    concerned[leader.pk] = leader
        for user in people.hr_of(municipality):
            concerned[user.pk] = user
    return concerned


def cohort_audience(cohort) -> list[User]:
    """Participants, their leaders, HR of their municipalities and the
    provider's staff: everyone told of a change to the cohort."""
    seated = Nomination.objects.filter(
        cohort=cohort, status=NominationStatus.SEATED
    ).select_related("participant")
    concerned = concerned_with(list(seated))
    for user in provider_staff(cohort.course.provider_id):
        concerned[user.pk] = user
    return list(concerned.values())


# --- Waiting for you -------------------------------------------------------------


def waiting_for(user) -> list:
    """What waits for ``user`` in joint courses (call in their municipality's
    schema): a nomination to accept, a request to approve. (Follow-up
    questions and support tasks: courses.development.selectors.waiting_for.)"""
    if user.municipality_id is None:
        return []
    items = []
    for nomination in Nomination.objects.filter(
        participant=user, status=NominationStatus.AWAITING_EMPLOYEE
    ).select_related("course"):
        items.append(
            WaitingItem(
                _("Accept or decline the nomination for “%(t)s”") % {"t": nomination.course.title},
                f"/courses/nominations/{nomination.pk}/",
            )
        )
    if user.has_role(Role.LEADER):
        for nomination in Nomination.objects.filter(
            participant_id__in=people.team_user_ids(user),
            municipality_id=user.municipality_id,
            status=NominationStatus.REQUESTED,
        ).select_related("course", "participant"):
            items.append(
                WaitingItem(
                    _("Approve %(n)s's request for “%(t)s”")
                    % {"n": nomination.participant.full_name, "t": nomination.course.title},
                    f"/courses/nominations/{nomination.pk}/",
                )
            )
    return items
