from unittest import mock

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_tenants.utils import tenant_context

from accounts.models import User
from demo.seed import DEMO_MAIL_DOMAIN, DEMO_PASSWORD, seed_demo
from devstack.banner import DEMO_PASSWORD as BOX_PASSWORD
from devstack.banner import demo_logins
from exchange.models import Opening, SwapRequest
from tenants.models import Municipality
from tenants.organisation.models import EmployeeProfile, Unit


def _state(code: int) -> dict:
    """The demo of one municipality, without database ids."""
    municipality = Municipality.objects.get(code=code)
    users = sorted(
        (u.email, u.full_name, tuple(sorted(u.roles)))
        for u in User.objects.filter(municipality=municipality)
    )
    with tenant_context(municipality):
        units = sorted(
            (u.kind, u.name, u.parent.name if u.parent else "")
            for u in Unit.objects.select_related("parent")
        )
        profiles = sorted(
            (
                p.user.email,
                p.profession_id,
                p.job_title,
                p.workplace.name,
                p.leader.user.email if p.leader else "",
            )
            for p in EmployeeProfile.objects.select_related("user", "workplace", "leader__user")
        )
    return {"users": users, "units": units, "profiles": profiles}


def test_seed_is_idempotent_and_deterministic(world):
    with transaction.atomic():
        first = seed_demo(codes=(575,))
        state_first = _state(575)
        transaction.set_rollback(True)
    assert not Municipality.objects.filter(code=575).exists()

    again = seed_demo(codes=(575,))
    assert _state(575) == state_first  # the same names, tree and leaders from scratch
    # The municipality's staff plus VIA's two teachers and the operator.
    assert first.users_created == again.users_created == len(state_first["users"]) + 3
    assert seed_demo(codes=(575,)).users_created == 0
    assert _state(575) == state_first
    assert sorted(
        Opening.objects.filter(municipality__code=575).values_list("title", "status")
    ) == [
        ("Pædagog: to dage om ugen i en udeinstitution", "published"),
        ("Virksomhedskonsulent: opdagelsesrejse i virksomhedsservice", "published"),
    ]
    # The caseworker's request and a social worker's directional one.
    assert sorted(
        SwapRequest.objects.filter(municipality__code=575).values_list(
            "profession__code", flat=True
        )
    ) == ["jobcentre-caseworker", "social-worker"]

    state = state_first
    assert len(state["units"]) == 24
    assert {
        "hr@vejen.tvaers.test",
        "leder@vejen.tvaers.test",
        "medarbejder@vejen.tvaers.test",
        "coach@vejen.tvaers.test",
    } <= {email for email, _name, _roles in state["users"]}
    professions = {profession for _e, profession, *_rest in state["profiles"]}
    # The 16 professions of the staff in the seed's ORGANISATION table (the same
    # in every municipality, not drawn at random) and the leaders' "manager".
    assert len(professions) == 17
    # Every employee has a leader but the 13 workplace leaders themselves.
    without_leader = [p for p in state["profiles"] if not p[4]]
    assert len(without_leader) == 13
    assert all(title.startswith("Leder, ") for _e, _p, title, _w, _l in without_leader)


def _who_cannot_sign_in(emails) -> list[str]:
    return [e for e in emails if authenticate(username=e, password=DEMO_PASSWORD) is None]


def test_a_rerun_keeps_every_demo_login_of_the_box(world):
    """The logins ./tvaers up shows all sign in with the demo password, after
    a second run as after the first."""
    logins = demo_logins("vejen")
    seed_demo(codes=(575,))
    assert _who_cannot_sign_in(logins) == []
    assert seed_demo(codes=(575,)).users_created == 0
    assert _who_cannot_sign_in(logins) == []
    assert DEMO_PASSWORD == BOX_PASSWORD


def test_a_seed_that_stops_half_way_leaves_no_account_without_a_password(world):
    """Every account gets its password when it is made: a run that stops
    after the staff exist (as one did on a missing broker folder) leaves them
    able to sign in, and a rerun repairs accounts an older seed left without."""
    with (
        mock.patch("demo.seed.run.seed_courses", side_effect=RuntimeError("stopped")),
        pytest.raises(RuntimeError),
    ):
        seed_demo(codes=(575,))
    demo_accounts = User.objects.filter(email__endswith=f".{DEMO_MAIL_DOMAIN}")
    assert [u.email for u in demo_accounts if not u.has_usable_password()] == []
    assert _who_cannot_sign_in(demo_logins("vejen")) == []

    demo_accounts.update(password=make_password(None))
    seed_demo(codes=(575,))
    assert [u.email for u in demo_accounts.all() if not u.has_usable_password()] == []
    assert _who_cannot_sign_in(demo_logins("vejen")) == []
