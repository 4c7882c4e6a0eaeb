"""Cross-municipality negatives of a swap (Kolding's employee into one of
Vejle's openings). Each step belongs to some of its participants: only the
swapper involves their leader; only the swapper and the opening's managers
cancel or write in the thread; only the parties (swapper, home and host
leader) accept or change the agreement; every participant, and no one else,
reads the agreement and the period's calendar. Anyone else — Aarhus outside
Job7, people in Vejle and Kolding who take no part, participants whose part
it is not, and the swapper's own leader and HR before the swapper involves
them — gets the same 404 as for a missing swap: nothing changes, no mail
leaves, no task is sent. Each swap is at the stage where its rightful user
could act, so the 404 is the scoping's, not a state check's."""

from exchange.models import AgreementAcceptance, Message, SwapStatus
from exchange.services.swaps import AGREEMENT_FIELDS
from exchange.tests.support import (
    MISSING,
    exchange_state,
    kolding_colleague,
    same_as_missing,
    site,
    swap_into_vejle,
    vejle_other_leader,
)
from tests.isolation import isolation_case


def _url(swap_id: int, tail: str) -> str:
    return f"/exchange/swaps/{swap_id}/{tail}"


def _strangers(world, client_for, outsider) -> dict:
    """Who takes no part in a swap of Kolding's employee into Vejle's
    opening, at any stage."""
    return {
        "Aarhus's HR": site(client_for, outsider),
        "Vejle's employee": site(client_for, world.vejle.employee),
        "Vejle's coach": site(client_for, world.vejle.coach),
        "Vejle's other leader": site(client_for, vejle_other_leader(world)),
        "Kolding's coach": site(client_for, world.kolding.coach),
        "Kolding's colleague": site(client_for, kolding_colleague(world)),
    }


def _sees_it(clients: dict, swap) -> None:
    """A precondition: each of ``clients`` takes part and sees the swap."""
    for who, client in clients.items():
        assert client.get(_url(swap.pk, "")).status_code == 200, who


@isolation_case("exchange:swap-involve-leader", "exchange:swap-ics")
def test_before_the_swapper_involves_their_leader(
    world,
    make_opening,
    client_for,
    outsider,
    isolated,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    swap, party = swap_into_vejle(world, make_opening, involve=False)
    # The receiving side sees the swap; only the swapper involves their leader.
    host = {
        "Vejle's HR": site(client_for, world.vejle.hr),
        "Vejle's leader": site(client_for, world.vejle.leader),
    }
    _sees_it(host, swap)
    # The swapper's own side does not know of the swap yet.
    home = {
        "Kolding's leader": site(client_for, world.kolding.leader),
        "Kolding's HR": site(client_for, world.kolding.hr),
    }
    strangers = _strangers(world, client_for, outsider)
    with isolated(lambda: exchange_state(world, outsider.municipality)):
        for who, client in {**strangers, **home, **host}.items():
            same_as_missing(
                client,
                "post",
                _url(swap.pk, "involve-leader/"),
                _url(MISSING, "involve-leader/"),
                who=who,
            )
        for who, client in {**strangers, **home}.items():
            same_as_missing(
                client, "get", _url(swap.pk, "period.ics"), _url(MISSING, "period.ics"), who=who
            )
    swapper = site(client_for, world.kolding.employee)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = swapper.post(_url(swap.pk, "involve-leader/"))
    party.refresh_from_db()
    calendar = host["Vejle's leader"].get(_url(swap.pk, "period.ics"))
    assert (
        response["Location"],
        party.leader_involved_at is not None,
        [m.to for m in mailoutbox],
        calendar.status_code,
        calendar["Content-Type"],
    ) == (
        _url(swap.pk, ""),
        True,
        [["leader@kolding.example"]],
        200,
        "text/calendar; charset=utf-8",
    )


@isolation_case("exchange:swap-cancel", "exchange:swap-message")
def test_only_the_swapper_and_the_openings_managers_cancel_or_write(
    world,
    make_opening,
    client_for,
    outsider,
    isolated,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    swap, _party = swap_into_vejle(world, make_opening, involve=True)
    # The swapper's leader and HR now see the swap; it is not theirs to
    # call off or to write in (leaders decline through their approval).
    home = {
        "Kolding's leader": site(client_for, world.kolding.leader),
        "Kolding's HR": site(client_for, world.kolding.hr),
    }
    _sees_it(home, swap)
    forms = {"cancel/": {"reason": "Fik ny stilling"}, "message/": {"body": "Hej"}}
    # What is posted does not matter: an empty form is as missing as a full one.
    attempts = [*forms.items(), *((tail, {}) for tail in forms)]
    clients = {**_strangers(world, client_for, outsider), **home}
    with isolated(lambda: exchange_state(world, outsider.municipality)):
        for who, client in clients.items():
            for tail, form in attempts:
                same_as_missing(
                    client, "post", _url(swap.pk, tail), _url(MISSING, tail), form, who=who
                )
    written = site(client_for, world.vejle.hr).post(
        _url(swap.pk, "message/"), {"body": "Velkommen"}
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = site(client_for, world.kolding.employee).post(
            _url(swap.pk, "cancel/"), forms["cancel/"]
        )
    swap.refresh_from_db()
    assert (
        written["Location"],
        cancelled["Location"],
        list(Message.objects.filter(swap=swap).values_list("body", flat=True)),
        swap.status,
        sorted(m.to[0] for m in mailoutbox),
    ) == (
        _url(swap.pk, ""),
        _url(swap.pk, ""),
        ["Velkommen"],
        SwapStatus.CANCELLED,
        ["leader@kolding.example", "leader@vejle.example"],
    )


@isolation_case(
    "exchange:agreement-accept",
    "exchange:agreement-change",
    "exchange:swap-pdf",
    "exchange:swap-ics",
)
def test_only_the_parties_accept_or_change_the_agreement(
    world,
    make_opening,
    client_for,
    outsider,
    isolated,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    swap, party = swap_into_vejle(world, make_opening, involve=True, approve=True)
    agreement = swap.agreement
    # HR on both sides sees the swap and its agreement, and is no party to it.
    hr = {
        "Kolding's HR": site(client_for, world.kolding.hr),
        "Vejle's HR": site(client_for, world.vejle.hr),
    }
    _sees_it(hr, swap)
    changed = {field: getattr(agreement, field) for field in AGREEMENT_FIELDS}
    changed.update(working_hours="37 timer, 8-15.30", substitute_needed="")
    forms = {"accept/": {"version": 1}, "change/": changed}
    # What is posted does not matter: a stale version, an unreadable one or
    # an empty form is as missing as what a party would send.
    attempts = [
        *forms.items(),
        ("accept/", {"version": 2}),
        ("accept/", {"version": "x"}),
        ("accept/", {}),
        ("change/", {}),
    ]
    strangers = _strangers(world, client_for, outsider)
    with isolated(lambda: exchange_state(world, outsider.municipality)):
        for who, client in {**strangers, **hr}.items():
            for tail, form in attempts:
                same_as_missing(
                    client, "post", _url(swap.pk, tail), _url(MISSING, tail), form, who=who
                )
        for who, client in strangers.items():
            for tail in ("agreement.pdf", "period.ics"):
                same_as_missing(client, "get", _url(swap.pk, tail), _url(MISSING, tail), who=who)
    # The swapper accepts version 1; their leader changes it (version 2);
    # HR reads it.
    accepted = site(client_for, world.kolding.employee).post(
        _url(swap.pk, "accept/"), forms["accept/"]
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        site(client_for, world.kolding.leader).post(_url(swap.pk, "change/"), forms["change/"])
    agreement.refresh_from_db()
    pdf = hr["Vejle's HR"].get(_url(swap.pk, "agreement.pdf"))
    assert (
        accepted["Location"],
        list(AgreementAcceptance.objects.values_list("party_id", "role", "version")),
        (agreement.version, agreement.working_hours),
        sorted(m.to[0] for m in mailoutbox),
        (pdf.status_code, pdf["Content-Type"], pdf.content[:5]),
    ) == (
        _url(swap.pk, ""),
        [(party.pk, "swapper", 1)],
        (2, "37 timer, 8-15.30"),
        ["employee@kolding.example", "leader@kolding.example", "leader@vejle.example"],
        (200, "application/pdf", b"%PDF-"),
    )
