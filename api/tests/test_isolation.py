"""Cross-organisation negatives of the partner API. What a key may read or
change is decided by its organisation: a key of another municipality, of
one outside the network, or of a provider (as fits each endpoint) gets
exactly the 404 error body a missing id gets — for reads and for writes,
which change nothing, send no mail and no task. Every object is one the
rightful key could read or change, so the 404 is the scoping's. (The
directory — municipalities and networks — is public facts, the same for
every key: see the last test.)"""

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from api.models import ApiClient
from api.scopes import Scope
from api.services import api_client_create
from audit.models import AuditEvent
from courses.models import Attendance, Cohort, CohortModule, Course, Nomination
from courses.services import (
    course_publish,
    course_save,
    module_add,
    nomination_accept,
    nomination_create,
    provider_ensure,
)
from courses.tests.factories import course_data
from exchange.models import (
    MatchProposal,
    MatchRun,
    Opening,
    OpeningStatus,
    ProposalMember,
    RunStatus,
    RunTrigger,
    SwapRequest,
    Visibility,
)
from tenants.models import Municipality, Network
from tenants.services import network_ensure, network_member_add
from tests.isolation import assert_same_as_missing, isolation_case, snapshot
from tests.matching_fixtures import person, swap_request

MISSING = 999999
JSON = "application/json"


def _api(key: str) -> Client:
    return Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Api-Key {key}")


def _key(scopes, *, municipality=None, provider=None) -> Client:
    _client, key = api_client_create(
        actor=None,
        name=f"Test {municipality or provider}",
        scopes=list(scopes),
        municipality=municipality,
        provider=provider,
    )
    return _api(key)


def _api_state(world, outsider) -> list:
    """What an API request could change: the public rows behind every
    endpoint and the audit trail, in public and in each municipality's
    schema."""
    state = snapshot(
        Opening.objects.all(),
        SwapRequest.objects.all(),
        MatchRun.objects.all(),
        MatchProposal.objects.all(),
        ProposalMember.objects.all(),
        Course.objects.all(),
        Cohort.objects.all(),
        CohortModule.objects.all(),
        Nomination.objects.all(),
        Attendance.objects.all(),
        Municipality.objects.all(),
        Network.objects.all(),
        AuditEvent.objects.all(),
    )
    for municipality in (
        world.vejle.municipality,
        world.kolding.municipality,
        outsider.municipality,
    ):
        with tenant_context(municipality):
            state += snapshot(AuditEvent.objects.all())
    return state


def _same_as_missing(client, method: str, path: str, missing: str, body=None, who="") -> None:
    send = getattr(client, method)
    kwargs = {} if method == "get" else {"data": body or {}, "content_type": JSON}
    try:
        assert_same_as_missing(send(path, **kwargs), send(missing, **kwargs))
    except AssertionError as error:
        raise AssertionError(f"{who}: {method.upper()} {path}: {error}") from error


@pytest.fixture
def ucl():
    """Another course provider than VIA."""
    return provider_ensure(actor=None, name="UCL Erhvervsakademi", slug="ucl")


@pytest.fixture
def trekant(outsider):
    """A network of Aarhus's, which Vejle and Kolding are not in."""
    network = network_ensure(actor=None, name="Trekanten Øst", slug="trekant")
    network_member_add(actor=None, network=network, municipality=outsider.municipality)
    return network


@isolation_case("api:network-statistics")
def test_a_networks_numbers_are_for_its_members_keys_only(world, outsider, trekant, ucl, isolated):
    read = [Scope.STATISTICS_READ]
    vejle = _key(read, municipality=world.vejle.municipality)
    cases = [
        ("Aarhus's key, Job7", _key(read, municipality=outsider.municipality), "job7"),
        ("Vejle's key, Aarhus's network", vejle, trekant.slug),
        ("VIA's key", _key(read, provider=world.provider_staff.provider), "job7"),
        ("UCL's key", _key(read, provider=ucl), trekant.slug),
    ]
    with isolated(lambda: _api_state(world, outsider)):
        for who, client, slug in cases:
            _same_as_missing(
                client,
                "get",
                f"/api/v1/networks/{slug}/statistics/",
                "/api/v1/networks/no-such-network/statistics/",
                who=who,
            )
    own = vejle.get("/api/v1/networks/job7/statistics/")
    assert (
        own.status_code,
        own.json()["network"],
        [m["municipality"] for m in own.json()["members"]],
    ) == (
        200,
        "job7",
        [621, 630],
    )


def _openings(world, make_opening) -> dict:
    """Vejle's openings in every state a key's organisation decides on."""
    return {
        "draft": make_opening(publish=False, title="Kladde"),
        "Vejle only": make_opening(visibility=Visibility.MUNICIPALITY, title="Kun Vejle"),
        "Job7": make_opening(visibility=Visibility.NETWORK, title="Kun Job7"),
        "everyone": make_opening(visibility=Visibility.ALL, title="Alle"),
    }


@isolation_case("api:opening-detail", "api:opening-publish", "api:opening-withdraw")
def test_only_the_municipalitys_keys_change_its_openings_and_others_read_what_they_may_see(
    world, make_opening, outsider, ucl, isolated
):
    openings = _openings(world, make_opening)
    write = [Scope.EXCHANGE_READ, Scope.OPENINGS_WRITE]
    keys = {
        "Kolding's key": _key(write, municipality=world.kolding.municipality),
        "Aarhus's key": _key(write, municipality=outsider.municipality),
        "VIA's key": _key(write, provider=world.provider_staff.provider),
        "UCL's key": _key(write, provider=ucl),
    }
    # What each key's organisation may not read: Kolding neither the draft
    # nor Vejle's own, Aarhus and the providers nothing but what is open to all.
    hidden = {
        "Kolding's key": ["draft", "Vejle only"],
        "Aarhus's key": ["draft", "Vejle only", "Job7"],
        "VIA's key": ["draft", "Vejle only", "Job7"],
        "UCL's key": ["draft", "Vejle only", "Job7"],
    }
    # Kolding's key does read the one open to all (and Job7's).
    for name in ("everyone", "Job7"):
        response = keys["Kolding's key"].get(f"/api/v1/openings/{openings[name].pk}/")
        assert response.status_code == 200, name
    put = {
        "workplace_unit_id": world.vejle.workplace_id,
        "title": "Overtaget",
        "description": "Overtaget",
        "kind": "shadowing",
        "format": "visit",
        "period_start": openings["everyone"].period_start.isoformat(),
        "period_end": openings["everyone"].period_end.isoformat(),
        "professions": ["jobcentre-caseworker"],
        "expires_on": openings["everyone"].expires_on.isoformat(),
        "contact_name": "X",
        "contact_email": "x@example.org",
        "visibility": "all",
    }
    detail = "/api/v1/openings/{}/"
    with isolated(lambda: _api_state(world, outsider)):
        for who, client in keys.items():
            for name in hidden[who]:
                _same_as_missing(
                    client, "get", detail.format(openings[name].pk), detail.format(MISSING), who=who
                )
            # None of Vejle's openings is theirs to change, read it as they may.
            for name, opening in openings.items():
                for method, tail, body in (
                    ("patch", "", {"title": "Overtaget"}),
                    ("put", "", put),
                    ("post", "publish/", {}),
                    ("post", "withdraw/", {"reason": "Overtaget"}),
                ):
                    _same_as_missing(
                        client,
                        method,
                        detail.format(opening.pk) + tail,
                        detail.format(MISSING) + tail,
                        body,
                        who=f"{who} on {name}",
                    )
    vejle = _key(write, municipality=world.vejle.municipality)
    changed = vejle.patch(
        detail.format(openings["Job7"].pk), {"title": "Ny titel"}, content_type=JSON
    )
    published = vejle.post(detail.format(openings["draft"].pk) + "publish/", content_type=JSON)
    withdrawn = vejle.post(
        detail.format(openings["Vejle only"].pk) + "withdraw/",
        {"reason": "Omstrukturering"},
        content_type=JSON,
    )
    assert [
        (r.status_code, r.json()["title"], r.json()["status"])
        for r in (changed, published, withdrawn)
    ] == [
        (200, "Ny titel", OpeningStatus.PUBLISHED),
        (200, "Kladde", OpeningStatus.PUBLISHED),
        (200, "Kun Vejle", OpeningStatus.WITHDRAWN),
    ]


@isolation_case("api:swap-request-detail")
def test_a_swap_request_is_read_only_where_it_is_visible(world, outsider, ucl, isolated):
    job7 = Network.objects.get(slug="job7")
    shared = swap_request(world.vejle.employee, visibility=Visibility.NETWORK, network=job7)
    vejle_only = swap_request(world.vejle.hr, visibility=Visibility.MUNICIPALITY)
    read = [Scope.EXCHANGE_READ]
    cases = [
        ("Kolding's key", _key(read, municipality=world.kolding.municipality), vejle_only),
        ("Aarhus's key", _key(read, municipality=outsider.municipality), shared),
        ("VIA's key", _key(read, provider=world.provider_staff.provider), shared),
        ("UCL's key", _key(read, provider=ucl), vejle_only),
    ]
    detail = "/api/v1/swap-requests/{}/"
    with isolated(lambda: _api_state(world, outsider)):
        for who, client, request in cases:
            _same_as_missing(
                client, "get", detail.format(request.pk), detail.format(MISSING), who=who
            )
    kolding = cases[0][1].get(detail.format(shared.pk)).json()
    assert (kolding["id"], kolding["municipality"], "owner" in kolding) == (shared.pk, 630, False)


@isolation_case("api:match-run-detail", "api:match-proposal-detail")
def test_matching_is_read_by_the_keys_of_its_networks_and_members(
    world, outsider, trekant, ucl, isolated
):
    job7 = Network.objects.get(slug="job7")
    runs = {
        network.slug: MatchRun.objects.create(
            network=network, trigger=RunTrigger.NIGHTLY, status=RunStatus.DONE
        )
        for network in (job7, trekant)
    }
    # A pair of Kolding's caseworkers: Vejle, in the same network, has no one in it.
    colleague = person(
        world.kolding,
        "nabo",
        {"employee"},
        "jobcentre-caseworker",
        world.kolding.workplace_id,
        world.kolding.leader,
    )
    first, second = swap_request(world.kolding.employee), swap_request(colleague)
    proposal = MatchProposal.objects.create(
        network=job7,
        run=runs["job7"],
        period_start=first.period_start,
        period_end=first.period_end,
        score=80,
    )
    for position, (request, takes) in enumerate(((first, second), (second, first))):
        ProposalMember.objects.create(
            proposal=proposal,
            position=position,
            request=request,
            owner=request.owner,
            takes=takes,
            score=40,
        )
    read = [Scope.EXCHANGE_READ]
    vejle = _key(read, municipality=world.vejle.municipality)
    aarhus = _key(read, municipality=outsider.municipality)
    providers = {
        "VIA's key": _key(read, provider=world.provider_staff.provider),
        "UCL's key": _key(read, provider=ucl),
    }
    run_cases = [
        ("Aarhus's key, Job7's run", aarhus, runs["job7"]),
        ("Vejle's key, Aarhus's network's run", vejle, runs["trekant"]),
        *((who, client, run) for who, client in providers.items() for run in runs.values()),
    ]
    proposal_cases = [("Vejle's key", vejle), ("Aarhus's key", aarhus), *providers.items()]
    with isolated(lambda: _api_state(world, outsider)):
        for who, client, run in run_cases:
            _same_as_missing(
                client,
                "get",
                f"/api/v1/match-runs/{run.pk}/",
                f"/api/v1/match-runs/{MISSING}/",
                who=who,
            )
        for who, client in proposal_cases:
            _same_as_missing(
                client,
                "get",
                f"/api/v1/match-proposals/{proposal.pk}/",
                f"/api/v1/match-proposals/{MISSING}/",
                who=who,
            )
    kolding = _key(read, municipality=world.kolding.municipality)
    run = kolding.get(f"/api/v1/match-runs/{runs['job7'].pk}/").json()
    members = kolding.get(f"/api/v1/match-proposals/{proposal.pk}/").json()["members"]
    assert (run["network"], [(m["municipality"], m["takes_position"]) for m in members]) == (
        "job7",
        [(621, 1), (621, 0)],
    )


def _course_with_a_cohort(world, kolding_participant):
    """VIA's course for Job7 (min 2) with a cohort of Vejle's employee and a
    Kolding caseworker, its first module today; and a course VIA offers to
    Vejle only. → (course, cohort, {municipality name: nomination}, Vejle's course)."""

    def course(**overrides) -> Course:
        made = course_save(actor=world.provider_staff, data=course_data(**overrides))
        for n in (1, 2):
            module_add(
                actor=world.provider_staff, course=made, title=f"Modul {n}", days=2, location="VIA"
            )
        return course_publish(actor=world.provider_staff, course=made)

    job7_course = course(min_participants=2, max_participants=3)
    vejle_course = course(
        title="Kun for Vejle",
        offered_to_networks=[],
        offered_to_municipalities=[world.vejle.municipality],
    )
    nominations = {}
    for staff, user in ((world.vejle, world.vejle.employee), (world.kolding, kolding_participant)):
        with tenant_context(staff.municipality):
            nomination = nomination_create(actor=staff.hr, course=job7_course, participant=user)
            nominations[staff.municipality.name] = nomination_accept(
                actor=user, nomination=nomination, participant_change="Mere struktur"
            )
    cohort = Cohort.objects.get(course=job7_course)
    today = timezone.localdate()
    CohortModule.objects.filter(cohort=cohort).update(starts_on=today, ends_on=today)
    Cohort.objects.filter(pk=cohort.pk).update(status="confirmed")
    return job7_course, cohort, nominations, vejle_course


@isolation_case(
    "api:course-detail", "api:cohort-detail", "api:cohort-attendance", "api:nomination-detail"
)
def test_courses_cohorts_and_nominations_are_their_organisations(world, outsider, ucl, isolated):
    kolding_participant = person(
        world.kolding,
        "k1",
        {"employee"},
        "jobcentre-caseworker",
        world.kolding.workplace_id,
        world.kolding.leader,
    )
    course, cohort, nominations, vejle_course = _course_with_a_cohort(world, kolding_participant)
    module = cohort.modules.order_by("module__position").first()
    row = [{"module": module.pk, "nomination": nominations["Vejle"].pk, "present": True}]
    everything = [Scope.COURSES_READ, Scope.ATTENDANCE_WRITE]
    via = _key(everything, provider=world.provider_staff.provider)
    vejle = _key(everything, municipality=world.vejle.municipality)
    kolding = _key(everything, municipality=world.kolding.municipality)
    aarhus = _key(everything, municipality=outsider.municipality)
    other_provider = _key(everything, provider=ucl)
    reads = [
        # Courses: a provider's own; a municipality's offered ones (or nominated in).
        ("UCL's key", other_provider, f"courses/{course.pk}/"),
        ("Aarhus's key", aarhus, f"courses/{course.pk}/"),
        ("Kolding's key", kolding, f"courses/{vejle_course.pk}/"),
        # Cohorts: the provider's own only.
        ("UCL's key", other_provider, f"cohorts/{cohort.pk}/"),
        ("Vejle's key", vejle, f"cohorts/{cohort.pk}/"),
        # Nominations: the municipality's own only.
        ("Kolding's key", kolding, f"nominations/{nominations['Vejle'].pk}/"),
        ("Vejle's key", vejle, f"nominations/{nominations['Kolding'].pk}/"),
        ("Aarhus's key", aarhus, f"nominations/{nominations['Vejle'].pk}/"),
        ("VIA's key", via, f"nominations/{nominations['Vejle'].pk}/"),
    ]
    missing = {kind: f"{kind}/{MISSING}/" for kind in ("courses", "cohorts", "nominations")}
    with isolated(lambda: _api_state(world, outsider)):
        for who, client, path in reads:
            _same_as_missing(
                client,
                "get",
                f"/api/v1/{path}",
                f"/api/v1/{missing[path.split('/')[0]]}",
                who=who,
            )
        # Attendance: the cohort's provider records it, not another provider
        # nor a municipality whose employee sits in it.
        for who, client in (("UCL's key", other_provider), ("Vejle's key", vejle)):
            _same_as_missing(
                client,
                "post",
                f"/api/v1/cohorts/{cohort.pk}/attendance/",
                f"/api/v1/cohorts/{MISSING}/attendance/",
                row,
                who=who,
            )
    recorded = via.post(f"/api/v1/cohorts/{cohort.pk}/attendance/", row, content_type=JSON)
    assert (
        recorded.status_code,
        recorded.json(),
        list(Attendance.objects.values_list("nomination_id", "cohort_module_id", "present")),
        via.get(f"/api/v1/courses/{course.pk}/").status_code,
        kolding.get(f"/api/v1/courses/{course.pk}/").status_code,
        vejle.get(f"/api/v1/nominations/{nominations['Vejle'].pk}/").json()["status"],
    ) == (
        200,
        {"recorded": 1},
        [(nominations["Vejle"].pk, module.pk, True)],
        200,
        200,
        "seated",
    )


def test_the_directory_is_public_facts_the_same_for_every_key(world, outsider, ucl, isolated):
    """Why municipality-detail and network-detail have no isolation case
    (tests/test_isolation_coverage.py, EXEMPT): a municipality's and a
    network's directory entry are public facts, the same for the key of
    every organisation — inside the network, outside it, or a provider —
    and the directory is read-only."""
    read = [Scope.DIRECTORY_READ]
    keys = [
        _key(read, municipality=world.vejle.municipality),
        _key(read, municipality=world.kolding.municipality),
        _key(read, municipality=outsider.municipality),
        _key(read, provider=world.provider_staff.provider),
        _key(read, provider=ucl),
    ]
    for path in ("/api/v1/municipalities/630/", "/api/v1/networks/job7/"):
        bodies = [client.get(path) for client in keys]
        assert [r.status_code for r in bodies] == [200] * 5
        assert all(r.json() == bodies[0].json() for r in bodies)
        with isolated(lambda: _api_state(world, outsider), ApiClient.objects.all()):
            refused = [
                getattr(keys[2], method)(path, {"name": "Overtaget"}, content_type=JSON)
                for method in ("put", "patch", "delete", "post")
            ]
        assert [(r.status_code, r.json()["error"]["code"]) for r in refused] == [
            (405, "method_not_allowed")
        ] * 4
