"""A matching run asked for on Vejle's site runs in a real Celery worker: in
the public schema (swap requests and proposals are shared data), reading
each member municipality's leaders in that municipality's own schema."""

import time

import pytest
from django.test import Client

from exchange.models import MatchProposal, MatchRun, ProposalMember, RunStatus
from tenants.models import Network
from tests.matching_fixtures import committed_rotation


@pytest.fixture
def committed_pool(session_world, django_db_blocker):
    with django_db_blocker.unblock(), committed_rotation(session_world, with_leaderless=True) as r:
        yield r


@pytest.mark.worker
def test_a_run_asked_for_in_vejle_runs_in_the_worker(
    celery_worker_process, session_world, committed_pool, django_db_blocker
):
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
