"""A matching run asked for on Vejle's site runs in a real Celery worker: in
the public schema (swap requests and proposals are shared data), reading
each member municipality's leaders in that municipality's own schema."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from accounts.models import Role, User
from accounts.services import user_create
from audit.models import AuditEvent
from exchange.models import MatchProposal, MatchRun, ProposalMember, RunStatus, SwapRequest
from exchange.services.requests import RequestData, swap_request_create
from organisation.models import EmployeeProfile, Unit
from organisation.services import employee_profile_set
from tenants.models import Network
from vocabulary.models import Profession


def _request(user, **overrides) -> SwapRequest:
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


def _person(staff, local, roles, profession, workplace_id, leader_user=None) -> User:
    user = user_create(
        actor=None,
        email=f"{local}@{staff.municipality.slug}.example",
        full_name=f"Worker {local}",
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


@pytest.fixture
def committed_pool(session_world, django_db_blocker):
    """Committed for real (the worker is another process): the rotation of
    three caseworkers, plus D at Kolding's second workplace, which has no
    leader in Kolding — while Vejle's workplace with the same id does."""
    world = session_world
    started = timezone.now()
    with django_db_blocker.unblock():
        kolding, vejle = world.kolding, world.vejle
        assert kolding.other_workplace_id == vejle.other_workplace_id  # same ids, two schemas
        bente = _person(
            kolding,
            "bente",
            {Role.EMPLOYEE},
            "jobcentre-caseworker",
            kolding.workplace_id,
            kolding.leader,
        )
        dorte = _person(
            kolding, "dorte", {Role.EMPLOYEE}, "jobcentre-caseworker", kolding.other_workplace_id
        )
        vejle_leader = _person(
            vejle, "leder2", {Role.LEADER, Role.EMPLOYEE}, "manager", vejle.other_workplace_id
        )
        requests = [
            _request(vejle.employee, wished_municipalities=[kolding.municipality]),
            _request(bente, wished_municipalities=[kolding.municipality]),
            _request(kolding.employee, wished_municipalities=[vejle.municipality]),
            _request(dorte),
        ]
        yield requests
        ProposalMember.objects.filter(request__in=requests).delete()
        MatchProposal.objects.filter(members__isnull=True).delete()
        MatchRun.objects.all().delete()
        SwapRequest.objects.filter(pk__in=[r.pk for r in requests]).delete()
        for staff, users in ((kolding, [bente, dorte]), (vejle, [vejle_leader])):
            with tenant_context(staff.municipality):
                EmployeeProfile.objects.filter(user__in=users).delete()
        for schema in ("public", "k630", "k621"):
            with schema_context(schema):
                AuditEvent.objects.filter(occurred_at__gte=started).delete()
        User.objects.filter(pk__in=[bente.pk, dorte.pk, vejle_leader.pk]).delete()


@pytest.mark.worker
def test_a_run_asked_for_in_vejle_runs_in_the_worker(
    celery_worker_process, session_world, committed_pool, django_db_blocker
):
    from django.test import Client

    a, b, c, d = committed_pool
    with django_db_blocker.unblock():
        hr = Client(HTTP_HOST=f"{session_world.vejle.municipality.slug}.localhost")
        hr.force_login(session_world.vejle.hr)
        network = Network.objects.get(slug="job7")
        response = hr.post("/exchange/matching/", {"network": network.pk, "max_cycle_length": 3})
        assert response.status_code == 302
        run = MatchRun.objects.get()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.finished:
                break
            time.sleep(0.1)
        assert run.status == RunStatus.DONE, (run.status, run.error, celery_worker_process.lines)
        # D's workplace has no leader in Kolding's schema: D waits outside the
        # pool. (Read in Vejle's schema, the same unit id has a leader.)
        assert run.requests_count == 3
        assert (run.people_placed, run.proposals_count, run.progress) == (3, 1, 100)
        proposal = MatchProposal.objects.get()
        assert {m.request_id for m in proposal.members.all()} == {a.pk, b.pk, c.pk}
        assert not ProposalMember.objects.filter(request=d).exists()
        status = hr.get(f"/exchange/matching/runs/{run.pk}/").json()
        assert status["finished"] is True and status["progress"] == 100
    assert any(
        "match_network" in line and "succeeded" in line for line in celery_worker_process.lines
    )
