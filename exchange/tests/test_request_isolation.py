"""Cross-municipality negatives of swap requests. Only its owner withdraws
a request — not Kolding's people, who see Vejle's Job7 request, nor Vejle's
own who are not its owner, whatever they post; no one shows interest in a
request their municipality may not see (Kolding in a request for Vejle
only, Aarhus in Job7's), nor from a request that is not their own. The same
404 as for a missing request: nothing changes, no mail leaves, no task is
sent. Each request is active, so its owner could withdraw it and others
could show interest in it: the 404 is the scoping's, not a state check's."""

from django_tenants.utils import tenant_context

from exchange.models import Interest, RequestStatus, SwapRequest, Visibility
from exchange.tests.support import MISSING, exchange_state, same_as_missing, site
from tenants.models import Network
from tenants.organisation.models import UnitKind
from tenants.organisation.services import employee_profile_set, unit_ensure
from tests.isolation import isolation_case
from tests.matching_fixtures import swap_request
from vocabulary.models import Profession


def _url(request_id: int, action: str) -> str:
    return f"/exchange/requests/{request_id}/{action}/"


def _with_a_job(outsider):
    """Aarhus's HR gets a job at a workplace in Aarhus, so they can publish
    a request of their own."""
    with tenant_context(outsider.municipality):
        parent = None
        for kind, name in (
            (UnitKind.ADMINISTRATION, "Beskæftigelse"),
            (UnitKind.DEPARTMENT, "Jobcenter"),
            (UnitKind.WORKPLACE, "Jobafklaring"),
        ):
            parent = unit_ensure(actor=None, kind=kind, name=name, parent=parent)
        employee_profile_set(
            actor=None,
            user=outsider,
            profession=Profession.objects.get(code="hr-consultant"),
            job_title="HR-konsulent",
            workplace=parent,
            leader=None,
        )


@isolation_case("exchange:request-withdraw", "exchange:request-interest")
def test_only_the_owner_withdraws_and_only_who_may_see_shows_interest(
    world, client_for, outsider, isolated, django_capture_on_commit_callbacks, mailoutbox
):
    job7 = Network.objects.get(slug="job7")
    shared = swap_request(world.vejle.employee, visibility=Visibility.NETWORK, network=job7)
    vejle_only = swap_request(world.vejle.hr, visibility=Visibility.MUNICIPALITY)
    kolding_own = swap_request(world.kolding.employee)
    _with_a_job(outsider)
    aarhus_own = swap_request(outsider)
    kolding = site(client_for, world.kolding.employee)
    clients = {
        "Kolding's employee": kolding,
        "Kolding's HR": site(client_for, world.kolding.hr),
        "Vejle's HR": site(client_for, world.vejle.hr),
        "Vejle's coach": site(client_for, world.vejle.coach),
        "Aarhus's HR": site(client_for, outsider),
    }
    # Kolding's and Vejle's people see the Job7 request; it is not theirs.
    for who in ("Kolding's employee", "Kolding's HR", "Vejle's HR", "Vejle's coach"):
        assert clients[who].get(f"/exchange/requests/{shared.pk}/").status_code == 200, who
    interest_in = [
        ("Kolding's employee", vejle_only, kolding_own),
        ("Aarhus's HR", shared, aarhus_own),
        ("Aarhus's HR", vejle_only, aarhus_own),
        # Vejle's HR sees the Job7 request, but sends from another's request.
        ("Vejle's HR", shared, kolding_own),
    ]
    with isolated(lambda: exchange_state(world, outsider.municipality)):
        for who, client in clients.items():
            for form in ({"reason": "Fik ny stilling"}, {}):
                same_as_missing(
                    client,
                    "post",
                    _url(shared.pk, "withdraw"),
                    _url(MISSING, "withdraw"),
                    form,
                    who=who,
                )
        for who, to, from_ in interest_in:
            same_as_missing(
                clients[who],
                "post",
                _url(to.pk, "interest"),
                _url(MISSING, "interest"),
                {"from_request": from_.pk},
                who=who,
            )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        interested = kolding.post(_url(shared.pk, "interest"), {"from_request": kolding_own.pk})
    withdrawn = site(client_for, world.vejle.employee).post(
        _url(shared.pk, "withdraw"), {"reason": "Fik ny stilling"}
    )
    assert (
        interested["Location"],
        withdrawn["Location"],
        list(Interest.objects.values_list("from_request_id", "to_request_id")),
        [m.to for m in mailoutbox],
        SwapRequest.objects.get(pk=shared.pk).status,
    ) == (
        f"/exchange/requests/{shared.pk}/",
        f"/exchange/requests/{shared.pk}/",
        [(kolding_own.pk, shared.pk)],
        [["employee@vejle.example"]],
        RequestStatus.WITHDRAWN,
    )
