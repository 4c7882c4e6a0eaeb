"""Cross-municipality negatives of openings and applications. Only an
opening's managers (HR of its municipality, a leader of its workplace)
publish, withdraw or renew it and answer its applications; only an applicant
withdraws their application; no one applies to an opening their
municipality may not see. Anyone else — Kolding's people, who see Vejle's
published opening, Aarhus outside Job7, and Vejle's own people who do not
manage it — gets the same 404 as for a missing id: nothing changes, no mail
leaves, no task is sent. Each object is in a state where its rightful user
could act, so the 404 is the scoping's, not a state check's."""

from datetime import timedelta

from exchange.models import (
    Application,
    ApplicationStatus,
    Opening,
    OpeningStatus,
    Swap,
    Visibility,
)
from exchange.services.swaps import application_submit
from exchange.tests.support import (
    GOALS,
    MISSING,
    exchange_state,
    kolding_colleague,
    same_as_missing,
    site,
    vejle_other_leader,
)
from tests.isolation import isolation_case


def _url(opening_id: int, action: str) -> str:
    return f"/exchange/openings/{opening_id}/{action}/"


def _strangers(world, client_for, outsider) -> dict:
    """Who manages none of Vejle's openings: Kolding's HR and leader,
    Aarhus's HR, and Vejle's employee, coach and a leader of another
    workplace."""
    return {
        "Kolding's HR": site(client_for, world.kolding.hr),
        "Kolding's leader": site(client_for, world.kolding.leader),
        "Aarhus's HR": site(client_for, outsider),
        "Vejle's employee": site(client_for, world.vejle.employee),
        "Vejle's coach": site(client_for, world.vejle.coach),
        "Vejle's other leader": site(client_for, vejle_other_leader(world)),
    }


@isolation_case("exchange:opening-publish")
def test_only_the_openings_managers_publish_it(
    world, make_opening, client_for, outsider, isolated, django_capture_on_commit_callbacks
):
    draft = make_opening(publish=False)
    # An opening that expired and has been given a new closing date since;
    # Kolding's employee applied while it was open, so they still see it.
    expired = make_opening(title="Udløbet plads")
    application_submit(actor=world.kolding.employee, opening=expired, **GOALS)
    Opening.objects.filter(pk=expired.pk).update(status=OpeningStatus.EXPIRED)
    applicant = site(client_for, world.kolding.employee)
    assert applicant.get(f"/exchange/openings/{expired.pk}/").status_code == 200
    clients = {**_strangers(world, client_for, outsider), "the applicant": applicant}
    with isolated(lambda: exchange_state(world, outsider.municipality)):
        for who, client in clients.items():
            for opening in (draft, expired):
                same_as_missing(
                    client,
                    "post",
                    _url(opening.pk, "publish"),
                    _url(MISSING, "publish"),
                    who=who,
                )
    # Vejle's HR publishes the draft, the workplace's leader the expired one.
    with django_capture_on_commit_callbacks(execute=True):
        by_hr = site(client_for, world.vejle.hr).post(_url(draft.pk, "publish"))
        by_leader = site(client_for, world.vejle.leader).post(_url(expired.pk, "publish"))
    assert (
        by_hr["Location"],
        by_leader["Location"],
        list(
            Opening.objects.filter(pk__in=[draft.pk, expired.pk]).values_list("status", flat=True)
        ),
    ) == (
        f"/exchange/openings/{draft.pk}/",
        f"/exchange/openings/{expired.pk}/",
        [OpeningStatus.PUBLISHED, OpeningStatus.PUBLISHED],
    )


@isolation_case("exchange:opening-withdraw", "exchange:opening-renew")
def test_only_the_openings_managers_withdraw_or_renew_it(
    world,
    make_opening,
    client_for,
    outsider,
    isolated,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    opening = make_opening(visibility=Visibility.NETWORK)
    # A waiting applicant, whom a withdrawal answers by mail.
    application = application_submit(actor=world.kolding.employee, opening=opening, **GOALS)
    renewed_to = opening.expires_on + timedelta(days=7)
    forms = {
        "withdraw": {"reason": "Omstrukturering"},
        "renew": {"expires_on": renewed_to.isoformat()},
    }
    clients = _strangers(world, client_for, outsider)
    # Kolding's HR and leader and Vejle's employee, coach and other leader
    # see the published opening; they may not change it.
    for who in ("Kolding's HR", "Kolding's leader", "Vejle's employee", "Vejle's other leader"):
        assert clients[who].get(f"/exchange/openings/{opening.pk}/").status_code == 200, who
    with isolated(lambda: exchange_state(world, outsider.municipality)):
        for who, client in clients.items():
            for action, form in forms.items():
                same_as_missing(
                    client, "post", _url(opening.pk, action), _url(MISSING, action), form, who=who
                )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        site(client_for, world.vejle.leader).post(_url(opening.pk, "renew"), forms["renew"])
        site(client_for, world.vejle.hr).post(_url(opening.pk, "withdraw"), forms["withdraw"])
    opening.refresh_from_db()
    application.refresh_from_db()
    assert (
        opening.expires_on,
        opening.status,
        opening.withdrawn_reason,
        application.status,
        [m.to for m in mailoutbox],
    ) == (
        renewed_to,
        OpeningStatus.WITHDRAWN,
        "Omstrukturering",
        ApplicationStatus.DECLINED,
        [["employee@kolding.example"]],
    )


@isolation_case("exchange:apply")
def test_no_one_applies_to_an_opening_their_municipality_may_not_see(
    world, make_opening, client_for, outsider, isolated
):
    vejle_only = make_opening(visibility=Visibility.MUNICIPALITY, title="Kun for Vejle")
    job7 = make_opening(visibility=Visibility.NETWORK, title="Kun for Job7")
    kolding = {
        "Kolding's employee": site(client_for, world.kolding.employee),
        "Kolding's HR": site(client_for, world.kolding.hr),
    }
    aarhus = site(client_for, outsider)
    cases = [
        *((who, client, vejle_only) for who, client in kolding.items()),
        ("Aarhus's HR", aarhus, vejle_only),
        ("Aarhus's HR", aarhus, job7),
    ]
    with isolated(lambda: exchange_state(world, outsider.municipality)):
        for who, client, opening in cases:
            same_as_missing(
                client, "post", _url(opening.pk, "apply"), _url(MISSING, "apply"), GOALS, who=who
            )
    # Vejle's employee applies to Vejle's own, Kolding's to Job7's.
    responses = [
        site(client_for, world.vejle.employee).post(_url(vejle_only.pk, "apply"), GOALS),
        kolding["Kolding's employee"].post(_url(job7.pk, "apply"), GOALS),
    ]
    assert (
        [r["Location"] for r in responses],
        sorted(Application.objects.values_list("opening_id", "applicant_id")),
    ) == (
        ["/exchange/my-swaps/", "/exchange/my-swaps/"],
        sorted([(vejle_only.pk, world.vejle.employee.pk), (job7.pk, world.kolding.employee.pk)]),
    )


def _application_url(application_id: int, action: str) -> str:
    return f"/exchange/applications/{application_id}/{action}/"


@isolation_case("exchange:application-accept", "exchange:application-decline")
def test_only_the_openings_managers_answer_an_application(
    world, make_opening, client_for, outsider, isolated
):
    opening = make_opening(capacity=2)
    colleague = kolding_colleague(world)
    first = application_submit(actor=world.kolding.employee, opening=opening, **GOALS)
    second = application_submit(actor=colleague, opening=opening, **GOALS)
    clients = {
        **_strangers(world, client_for, outsider),
        # The applicant sees their application (My swaps), but does not answer it.
        "the applicant": site(client_for, world.kolding.employee),
    }
    forms = {"accept": {}, "decline": {"reason": "Vi har valgt en anden."}}
    with isolated(lambda: exchange_state(world, outsider.municipality)):
        for who, client in clients.items():
            for application in (first, second):
                for action, form in forms.items():
                    same_as_missing(
                        client,
                        "post",
                        _application_url(application.pk, action),
                        _application_url(MISSING, action),
                        form,
                        who=who,
                    )
    accepted = site(client_for, world.vejle.hr).post(_application_url(first.pk, "accept"))
    declined = site(client_for, world.vejle.leader).post(
        _application_url(second.pk, "decline"), forms["decline"]
    )
    swap = Swap.objects.get(application=first)
    assert (
        accepted["Location"],
        declined["Location"],
        sorted(Application.objects.values_list("applicant_id", "status")),
    ) == (
        f"/exchange/swaps/{swap.pk}/",
        f"/exchange/openings/{opening.pk}/",
        sorted(
            [
                (world.kolding.employee.pk, ApplicationStatus.ACCEPTED),
                (colleague.pk, ApplicationStatus.DECLINED),
            ]
        ),
    )


@isolation_case("exchange:application-withdraw")
def test_only_the_applicant_withdraws_an_application(
    world, make_opening, client_for, outsider, isolated
):
    opening = make_opening()
    application = application_submit(actor=world.kolding.employee, opening=opening, **GOALS)
    clients = {
        # The opening's managers see the application; it is not theirs to withdraw.
        "Vejle's HR": site(client_for, world.vejle.hr),
        "Vejle's leader": site(client_for, world.vejle.leader),
        "Kolding's HR": site(client_for, world.kolding.hr),
        "Kolding's leader": site(client_for, world.kolding.leader),
        "Kolding's colleague": site(client_for, kolding_colleague(world)),
        "Aarhus's HR": site(client_for, outsider),
    }
    form = {"reason": "Fik ny stilling"}
    with isolated(lambda: exchange_state(world, outsider.municipality)):
        for who, client in clients.items():
            same_as_missing(
                client,
                "post",
                _application_url(application.pk, "withdraw"),
                _application_url(MISSING, "withdraw"),
                form,
                who=who,
            )
    response = site(client_for, world.kolding.employee).post(
        _application_url(application.pk, "withdraw"), form
    )
    application.refresh_from_db()
    assert (response["Location"], application.status, application.decision_reason) == (
        "/exchange/my-swaps/",
        ApplicationStatus.WITHDRAWN,
        "Fik ny stilling",
    )
