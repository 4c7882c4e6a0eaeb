"""Cross-municipality negatives of the participant's calendar feed, a signed
address a calendar program reads without signing in. It is served only on
the participant's own municipality's site, only at its current address and
only while the account is active: a feed address of another municipality's
participant, on any other site (signed in there or not), a retired address,
one from before addresses became stable used elsewhere, a tampered or
foreign-signed one, one of a closed account, of provider staff or of no
one, answers exactly as a garbage address does — and changes nothing."""

from django.core import signing

from accounts.models import User
from courses.models import Cohort, Nomination
from courses.views import FEED_SALT
from tests.isolation import assert_same_as_missing, isolation_case

GARBAGE = "/courses/feed/forged.ics"


def _feed(user_id: int, version: int = 0) -> str:
    """A feed address as the pages hand it out, built independently."""
    token = signing.Signer(salt=FEED_SALT).sign_object({"u": user_id, "v": version})
    return f"/courses/feed/{token}.ics"


@isolation_case("courses:feed")
def test_a_feed_address_answers_only_on_its_own_site_as_long_as_it_is_current(
    world, completed, employee, client_for, outsider, isolated
):
    vejle, kolding = world.vejle.municipality, world.kolding.municipality
    participant = world.vejle.employee
    # The participant asked for a new address once: the first one is retired.
    User.objects.filter(pk=participant.pk).update(calendar_feed_version=1)
    current, retired = _feed(participant.pk, 1), _feed(participant.pk, 0)
    closed = employee(world.vejle, "v2")
    User.objects.filter(pk=closed.pk).update(is_active=False)
    legacy = "/courses/feed/{}.ics".format(
        signing.dumps({"u": participant.pk, "v": 1}, salt=FEED_SALT)
    )
    # Kolding's employee's payload under the participant's signature.
    signature = current[: -len(".ics")].rsplit(":", 1)[1]
    other_payload = signing.Signer(salt=FEED_SALT).sign_object(
        {"u": world.kolding.employee.pk, "v": 0}
    )
    tampered = f"/courses/feed/{other_payload.rsplit(':', 1)[0]}:{signature}.ics"
    unsalted = "/courses/feed/{}.ics".format(
        signing.Signer().sign_object({"u": participant.pk, "v": 1})
    )
    kolding_feed = _feed(world.kolding.employee.pk)
    anonymous = {
        "Vejle's site": client_for(municipality=vejle),
        "Kolding's site": client_for(municipality=kolding),
        "Aarhus's site": client_for(municipality=outsider.municipality),
    }
    signed_in = {
        "Kolding's employee": client_for(world.kolding.employee, municipality=kolding),
        "Aarhus's HR": client_for(outsider, municipality=outsider.municipality),
    }
    # The Kolding employee's own address works on Kolding's site.
    assert anonymous["Kolding's site"].get(kolding_feed).status_code == 200
    cases = [
        *(
            (who, client, address)
            for who, client in {**anonymous, **signed_in}.items()
            if who != "Vejle's site"
            for address in (current, legacy)
        ),
        ("Vejle's site", anonymous["Vejle's site"], kolding_feed),
        ("Vejle's site", anonymous["Vejle's site"], retired),
        ("Vejle's site", anonymous["Vejle's site"], tampered),
        ("Vejle's site", anonymous["Vejle's site"], unsalted),
        ("Vejle's site", anonymous["Vejle's site"], _feed(closed.pk)),
        ("Vejle's site", anonymous["Vejle's site"], _feed(world.provider_staff.pk)),
        ("Vejle's site", anonymous["Vejle's site"], _feed(999999)),
    ]
    with isolated(User.objects.all(), Nomination.objects.all(), Cohort.objects.all()):
        for who, client, address in cases:
            try:
                assert_same_as_missing(client.get(address), client.get(GARBAGE))
            except AssertionError as error:
                raise AssertionError(f"{who}: {address}: {error}") from error
    # On the participant's own site the current address serves their modules.
    feed = anonymous["Vejle's site"].get(current)
    assert (
        feed.status_code,
        feed["Content-Type"],
        feed.content.decode().count("BEGIN:VEVENT"),
    ) == (
        200,
        "text/calendar; charset=utf-8",
        2,
    )
