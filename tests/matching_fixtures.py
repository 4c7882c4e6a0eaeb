"""Committed matching data for tests that run against other processes (the
Celery worker, gunicorn and the browser), made and removed outside any test
transaction."""

from contextlib import contextmanager
from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from accounts.models import Role, User
from accounts.services import user_create
from audit.models import AuditEvent
from exchange.models import MatchProposal, MatchRun, ProposalMember, SwapRequest
from exchange.services.requests import RequestData, swap_request_create
from tenants.organisation.models import EmployeeProfile, Unit
from tenants.organisation.services import employee_profile_set
from vocabulary.models import Profession


def swap_request(user, **overrides) -> SwapRequest:
    today = timezone.localdate()
    caseworker = Profession.objects.get(code="jobcentre-caseworker")
    values = dict(
        profession=caseworker,
        workplace_type="Jobcenter",
        wished_professions=[caseworker],
        period_start=today + timedelta(days=30),
        period_end=today + timedelta(days=120),
        format="full",
        goal_self="Nye metoder",
        goal_workplaces="Videndeling",
        goal_organisation="Stærkere Job7",
    )
    values.update(overrides)
    with tenant_context(user.municipality):
        return swap_request_create(actor=user, data=RequestData(**values))


def person(staff, local, roles, profession, workplace_id, leader_user=None) -> User:
    user = user_create(
        actor=None,
        email=f"{local}@{staff.municipality.slug}.example",
        full_name=f"Kollega {local}",
        roles=roles,
        municipality=staff.municipality,
    )
    with tenant_context(staff.municipality):
        employee_profile_set(
            actor=None,
            user=user,
            profession=Profession.objects.get(code=profession),
            job_title=local,
            workplace=Unit.objects.get(pk=workplace_id),
            leader=EmployeeProfile.objects.get(user_id=leader_user.pk) if leader_user else None,
        )
    return user


@contextmanager
def committed_rotation(world, *, with_leaderless=False):
    """Three caseworkers whose wishes close as the rotation A → B → C → A
    (A in Vejle wants Kolding, B in Kolding wants Kolding, C in Kolding wants
    Vejle); with ``with_leaderless`` also D at Kolding's second workplace,
    which has no leader in Kolding — while Vejle's workplace with the same id
    gets one. Yields the requests; removes everything afterwards."""
    started = timezone.now()
    kolding, vejle = world.kolding, world.vejle
    made = [
        person(
            kolding,
            "bente",
            {Role.EMPLOYEE},
            "jobcentre-caseworker",
            kolding.workplace_id,
            kolding.leader,
        )
    ]
    requests = [
        swap_request(vejle.employee, wished_municipalities=[kolding.municipality]),
        swap_request(made[0], wished_municipalities=[kolding.municipality]),
        swap_request(kolding.employee, wished_municipalities=[vejle.municipality]),
    ]
    if with_leaderless:
        assert kolding.other_workplace_id == vejle.other_workplace_id  # same ids, two schemas
        dorte = person(
            kolding, "dorte", {Role.EMPLOYEE}, "jobcentre-caseworker", kolding.other_workplace_id
        )
        made += [
            dorte,
            person(
                vejle, "leder2", {Role.LEADER, Role.EMPLOYEE}, "manager", vejle.other_workplace_id
            ),
        ]
        requests.append(swap_request(dorte))
    try:
        yield requests
    finally:
        ProposalMember.objects.filter(request__in=requests).delete()
        MatchProposal.objects.filter(members__isnull=True).delete()
        MatchRun.objects.all().delete()
        SwapRequest.objects.filter(pk__in=[r.pk for r in requests]).delete()
        for staff in (kolding, vejle):
            with tenant_context(staff.municipality):
                EmployeeProfile.objects.filter(user_id__in=[u.pk for u in made]).delete()
        for schema in ("public", "k630", "k621"):
            with schema_context(schema):
                AuditEvent.objects.filter(occurred_at__gte=started).delete()
        User.objects.filter(pk__in=[u.pk for u in made]).delete()
