"""HR keeps its own organisation and staff on its own site: the tree with
headcounts, units created, changed, led and closed, employees added (with
an invitation), found, changed, moved, deactivated and reactivated, and the
trail of changes in words — every write through the organisation's
services."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from accounts.tasks import send_invitation
from audit.models import AuditEvent
from config.celery import SCHEMA_KWARG
from tenants.organisation.models import EmployeeProfile, Unit, UnitKind
from vocabulary.models import Profession


@pytest.fixture
def hr(client_for, world):
    return client_for(world.vejle.hr, municipality=world.vejle.municipality)


@pytest.fixture
def invitations(monkeypatch):
    """The invitations queued (after commit), as (user id, schema) — not
    sent to a broker."""
    queued = []

    def record(*, kwargs, municipality):
        queued.append((kwargs["user_id"], municipality.schema_name))

    monkeypatch.setattr(send_invitation, "apply_async", record)
    return queued


def _in_vejle(world, fn):
    with tenant_context(world.vejle.municipality):
        return fn()


def _unit(world, name) -> Unit:
    return _in_vejle(world, lambda: Unit.objects.get(name=name))


def _profile(world, email) -> EmployeeProfile:
    return _in_vejle(
        world, lambda: EmployeeProfile.objects.select_related("user").get(user__email=email)
    )


def test_the_tree_shows_units_headcounts_and_leaders(hr, world):
    page = hr.get("/organisation/")
    assert page.status_code == 200
    html = page.content.decode()
    # 3 active employees with a record (the coach has none yet).
    assert "3 aktive medarbejdere i forvaltninger, afdelinger og arbejdspladser." in html
    assert "Jobafklaring</a> (2)" in html
    assert "Virksomhedsservice</a> (1)" in html
    assert '<strong>Beskæftigelse</strong></a> <span class="tag">Forvaltning</span> (3)' in html


def test_hr_adds_a_workplace_with_a_place_names_its_leader_and_closes_it(
    hr, world, django_capture_on_commit_callbacks
):
    department = _unit(world, "Jobcenter")
    form = hr.get(f"/organisation/units/new/?parent={department.pk}").content.decode()
    assert (
        f'<option value="{department.pk}" selected>Jobcenter (Afdeling) – Beskæftigelse</option>'
        in form
    )
    assert '<option value="workplace" selected>Arbejdsplads</option>' in form
    response = hr.post(
        "/organisation/units/new/",
        {
            "kind": "workplace",
            "name": "Ungeindsatsen",
            "parent": department.pk,
            "address": "Vestergade 7, 7100 Vejle",
            "latitude": "55,709300",
            "longitude": "9.5357",
        },
    )
    unit = _unit(world, "Ungeindsatsen")
    assert (response.status_code, response["Location"]) == (302, f"/organisation/units/{unit.pk}/")
    assert (unit.kind, unit.parent_id, unit.address, unit.latitude, unit.longitude) == (
        UnitKind.WORKPLACE,
        department.pk,
        "Vestergade 7, 7100 Vejle",
        Decimal("55.709300"),
        Decimal("9.535700"),
    )
    page = hr.get(f"/organisation/units/{unit.pk}/").content.decode()
    assert "55.709300, 9.535700" in page
    assert "Ungeindsatsen er tilføjet." in page

    leader = _profile(world, "leader@vejle.example")
    response = hr.post(f"/organisation/units/{unit.pk}/leader/", {"leader": leader.pk})
    assert response.status_code == 302
    assert _unit(world, "Ungeindsatsen").leader_id == leader.pk

    response = hr.post(
        f"/organisation/units/{unit.pk}/edit/",
        {
            "name": "Ungeindsatsen Syd",
            "parent": department.pk,
            "address": "",
            "latitude": "",
            "longitude": "",
        },
    )
    assert response.status_code == 302
    unit = _unit(world, "Ungeindsatsen Syd")
    assert (unit.address, unit.latitude, unit.longitude) == ("", None, None)

    confirm = hr.get(f"/organisation/units/{unit.pk}/close/").content.decode()
    assert "0 aktive medarbejdere arbejder her." in confirm
    response = hr.post(f"/organisation/units/{unit.pk}/close/")
    assert response.status_code == 302
    assert _unit(world, "Ungeindsatsen Syd").closed_at is not None
    actions = _in_vejle(
        world,
        lambda: list(
            AuditEvent.objects.filter(target_id=str(unit.pk), target_type="organisation.unit")
            .order_by("pk")
            .values_list("action", "actor_id")
        ),
    )
    assert actions == [
        ("unit.created", world.vejle.hr.pk),
        ("unit.leader_set", world.vejle.hr.pk),
        ("unit.changed", world.vejle.hr.pk),
        ("unit.closed", world.vejle.hr.pk),
    ]
    changes = hr.get("/organisation/changes/").content.decode()
    assert "HR Vejle</td><td>lukkede enheden Ungeindsatsen Syd" in changes
    assert "HR Vejle</td><td>udpegede lederen af Ungeindsatsen Syd" in changes
    assert "unit.closed" not in changes


def test_closing_is_refused_while_people_work_there(hr, world):
    workplace = world.vejle.workplace_id
    page = hr.post(f"/organisation/units/{workplace}/close/")
    assert page.status_code == 200
    assert (
        "2 medarbejdere arbejder her. Flyt dem til en anden arbejdsplads først."
        in page.content.decode()
    )
    department = _unit(world, "Jobcenter")
    page = hr.post(f"/organisation/units/{department.pk}/close/").content.decode()
    assert "2 enheder under den er åbne. Luk eller flyt dem først." in page
    assert _in_vejle(world, lambda: Unit.objects.filter(closed_at__isnull=False).count()) == 0


def test_hr_adds_an_employee_who_is_invited(
    hr, world, invitations, django_capture_on_commit_callbacks, mailoutbox
):
    workplace = _unit(world, "Jobafklaring")
    leader = _profile(world, "leader@vejle.example")
    caseworker = Profession.objects.get(code="jobcentre-caseworker")
    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(
            "/organisation/employees/new/",
            {
                "email": "Anna.Jensen@Vejle.example",
                "full_name": "Anna Jensen",
                "roles": ["employee", "coach"],
                "job_title": "Jobkonsulent",
                "profession": caseworker.pk,
                "workplace": workplace.pk,
                "leader": leader.pk,
                "external_id": "LØN-4711",
                "invite": "on",
            },
        )
    profile = _profile(world, "anna.jensen@vejle.example")
    assert (response.status_code, response["Location"]) == (
        302,
        f"/organisation/employees/{profile.pk}/",
    )
    user = profile.user
    assert (user.full_name, user.municipality_id, sorted(user.roles)) == (
        "Anna Jensen",
        world.vejle.municipality.pk,
        ["coach", "employee"],
    )
    assert (
        profile.job_title,
        profile.profession_id,
        profile.workplace_id,
        profile.leader_id,
        profile.external_id,
    ) == (
        "Jobkonsulent",
        caseworker.pk,
        workplace.pk,
        leader.pk,
        "LØN-4711",
    )
    assert invitations == [(user.pk, "k630")]
    send_invitation.apply(kwargs={"user_id": user.pk, SCHEMA_KWARG: "k630"}, throw=True)
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["anna.jensen@vejle.example"], "Velkommen til Tværs, Vejle")
    ]
    page = hr.get(f"/organisation/employees/{profile.pk}/").content.decode()
    assert "Anna Jensen er tilføjet og inviteret pr. e-mail." in page


def test_an_employee_added_without_invitation_gets_none(
    hr, world, invitations, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(
            "/organisation/employees/new/",
            {"email": "sso@vejle.example", "full_name": "Via SSO", "roles": ["employee"]},
        )
    assert response.status_code == 302
    assert invitations == []
    profile = _profile(world, "sso@vejle.example")
    assert (profile.profession_id, profile.workplace_id, profile.job_title) == (None, None, "")


def test_editing_the_workplace_or_leader_is_a_move(hr, world):
    employee = _profile(world, "employee@vejle.example")
    other = world.vejle.other_workplace_id
    form = hr.get(f"/organisation/employees/{employee.pk}/").content.decode()
    assert 'value="employee@vejle.example"' in form
    response = hr.post(
        f"/organisation/employees/{employee.pk}/",
        {
            "email": "employee@vejle.example",
            "full_name": "Medarbejder Vejle",
            "roles": ["employee"],
            "job_title": "Virksomhedskonsulent",
            "profession": employee.profession_id,
            "workplace": other,
            "leader": "",
            "external_id": "",
        },
    )
    assert response.status_code == 302
    moved = _profile(world, "employee@vejle.example")
    assert (moved.workplace_id, moved.leader_id, moved.job_title) == (
        other,
        None,
        "Virksomhedskonsulent",
    )
    event = _in_vejle(
        world, lambda: AuditEvent.objects.filter(target_id=str(employee.pk)).latest("pk")
    )
    assert (event.action, event.actor_id, event.data) == (
        "employee.moved",
        world.vejle.hr.pk,
        {"fields": ["job_title", "leader_id", "workplace_id"]},
    )
    page = hr.get(f"/organisation/employees/{employee.pk}/").content.decode()
    assert "Medarbejder Vejle er flyttet." in page
    changes = hr.get("/organisation/changes/").content.decode()
    assert "flyttede Medarbejder Vejle (ny arbejdsplads eller leder)" in changes
    assert "Ændret: stillingsbetegnelse, leder, arbejdsplads" in changes


def test_changing_only_the_account_is_recorded_and_moves_updated_at(hr, world):
    employee = _profile(world, "employee@vejle.example")
    before = employee.updated_at
    response = hr.post(
        f"/organisation/employees/{employee.pk}/",
        {
            "email": "medarbejder@vejle.example",
            "full_name": "Medarbejder Vejle",
            "roles": ["employee", "coach"],
            "job_title": employee.job_title,
            "profession": employee.profession_id,
            "workplace": employee.workplace_id,
            "leader": employee.leader_id,
            "external_id": "",
        },
    )
    assert response.status_code == 302
    changed = _profile(world, "medarbejder@vejle.example")
    assert changed.updated_at > before
    event = _in_vejle(
        world, lambda: AuditEvent.objects.filter(target_id=str(employee.pk)).latest("pk")
    )
    assert (event.action, event.data) == (
        "employee.changed",
        {"fields": ["email", "roles"], "roles": ["coach", "employee"]},
    )
    changes = hr.get("/organisation/changes/").content.decode()
    assert "ændrede oplysningerne om Medarbejder Vejle" in changes
    assert "Ændret: e-mail, roller · Roller nu: Coach, Medarbejder" in changes


def test_the_employee_list_searches_filters_and_pages(hr, world):
    def names(**params):
        html = hr.get("/organisation/employees/", params).content.decode()
        return [
            line.split('">', 1)[1].split("</a>")[0]
            for line in html.split('<tr><td><a href="/organisation/employees/')[1:]
        ]

    assert names() == ["HR Vejle", "Leder Vejle", "Medarbejder Vejle"]
    assert names(text="jobkonsulent") == ["Medarbejder Vejle"]  # job title
    assert names(text="LEADER@vejle") == ["Leder Vejle"]  # e-mail
    assert names(text="hr v") == ["HR Vejle"]  # name
    assert names(unit=world.vejle.workplace_id) == ["Leder Vejle", "Medarbejder Vejle"]
    assert names(unit=_unit(world, "Beskæftigelse").pk) == [
        "HR Vejle",
        "Leder Vejle",
        "Medarbejder Vejle",
    ]
    assert names(role="leader") == ["Leder Vejle"]
    assert names(status="left") == []
    assert names(status="active", role="hr") == ["HR Vejle"]
    # A bad filter value is dropped, not an error.
    assert names(unit="999999", role="wizard", status="gone") == [
        "HR Vejle",
        "Leder Vejle",
        "Medarbejder Vejle",
    ]
    # The coach's account has no record yet: HR is offered to register it.
    html = hr.get("/organisation/employees/").content.decode()
    assert "1 konto uden registreret job" in html
    assert f'href="/organisation/accounts/{world.vejle.coach.pk}/record/"' in html


def test_the_employee_list_costs_the_same_whatever_its_length(hr, world):
    """A page of the list (50 names) costs the same number of queries for 3
    employees as for 60, so 10,000 cost no more either."""
    hr.get("/organisation/employees/")  # warm the session and caches

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert hr.get("/organisation/employees/?page=2").status_code == 200
        return len(queries)

    few = count()
    workplace = _unit(world, "Jobafklaring")
    users = User.objects.bulk_create(
        [
            User(
                email=f"ansat{n}@vejle.example",
                full_name=f"Ansat {n:02}",
                municipality=world.vejle.municipality,
            )
            for n in range(60)
        ]
    )
    _in_vejle(
        world,
        lambda: EmployeeProfile.objects.bulk_create(
            [
                EmployeeProfile(user_id=u.pk, workplace=workplace, job_title="Konsulent")
                for u in users
            ]
        ),
    )
    assert count() == few
    html = hr.get("/organisation/employees/?page=2").content.decode()
    assert "63 medarbejdere" in html
    assert "Side 2 af 2" in html


def test_registering_the_job_of_an_account_without_a_record(hr, world):
    coach = world.vejle.coach
    form = hr.get(f"/organisation/accounts/{coach.pk}/record/")
    assert form.status_code == 200
    assert 'name="email"' not in form.content.decode()
    response = hr.post(
        f"/organisation/accounts/{coach.pk}/record/",
        {
            "job_title": "Coach",
            "workplace": world.vejle.other_workplace_id,
            "profession": "",
            "leader": "",
            "external_id": "",
        },
    )
    profile = _profile(world, coach.email)
    assert (response.status_code, response["Location"]) == (
        302,
        f"/organisation/employees/{profile.pk}/",
    )
    assert (profile.job_title, profile.workplace_id) == ("Coach", world.vejle.other_workplace_id)
    # Registered once: the page is gone for that account.
    assert hr.get(f"/organisation/accounts/{coach.pk}/record/").status_code == 404


def test_deactivating_says_what_is_withdrawn_and_reactivating_brings_them_back(
    hr, world, make_opening
):
    employee = _profile(world, "employee@vejle.example")
    confirm = hr.get(f"/organisation/employees/{employee.pk}/deactivate/").content.decode()
    assert "Medarbejder Vejle vil ikke længere kunne logge ind." in confirm
    assert (
        "Intet: der er ingen åben ansøgning, intet ønske om jobbytte og ingen kursusindstilling."
        in confirm
    )
    response = hr.post(
        f"/organisation/employees/{employee.pk}/deactivate/", {"reason": "Fratrådt 31. december"}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=world.vejle.employee.pk).is_active is False
    page = hr.get(f"/organisation/employees/{employee.pk}/").content.decode()
    assert "Medarbejder Vejle er deaktiveret." in page
    assert "Fratrådt: kan ikke logge ind." in page
    assert [
        line.split('">', 1)[1].split("</a>")[0]
        for line in hr.get("/organisation/employees/", {"status": "left"})
        .content.decode()
        .split('<tr><td><a href="/organisation/employees/')[1:]
    ] == ["Medarbejder Vejle"]
    changes = hr.get("/organisation/changes/").content.decode()
    assert "deaktiverede Medarbejder Vejle" in changes
    assert "Begrundelse: Fratrådt 31. december" in changes

    response = hr.post(f"/organisation/employees/{employee.pk}/reactivate/")
    assert response.status_code == 302
    assert User.objects.get(pk=world.vejle.employee.pk).is_active is True
    # A GET does nothing.
    assert hr.get(f"/organisation/employees/{employee.pk}/reactivate/").status_code == 405


def test_the_start_page_links_hr_to_the_organisation_and_says_changes_in_words(hr, world):
    hr.post(
        "/organisation/units/new/",
        {
            "kind": "administration",
            "name": "Sundhed",
            "address": "",
            "latitude": "",
            "longitude": "",
        },
    )
    start = hr.get("/").content.decode()
    for path in (
        "/organisation/",
        "/organisation/employees/",
        "/organisation/employees/new/",
        "/organisation/changes/",
    ):
        assert f'href="{path}"' in start
    assert "HR Vejle</td><td>oprettede enheden Sundhed" in start
    assert "unit.created" not in start
    unit = hr.get(f"/organisation/units/{world.vejle.workplace_id}/").content.decode()
    assert f'href="/organisation/units/{world.vejle.workplace_id}/edit/"' in unit
    assert 'href="/organisation/"' in unit


def test_english_is_selectable(hr, world):
    hr.post("/i18n/setlang/", {"language": "en", "next": "/organisation/"})
    html = hr.get("/organisation/").content.decode()
    assert "3 active employees in administrations, departments and workplaces." in html
    assert "Recent changes" in html


def test_a_leader_sees_their_workplace_without_hrs_actions(client_for, world):
    leader = client_for(world.vejle.leader, municipality=world.vejle.municipality)
    page = leader.get(f"/organisation/units/{world.vejle.workplace_id}/").content.decode()
    assert "Medarbejder Vejle" in page
    assert "/edit/" not in page
    assert "/organisation/employees/" not in page
    assert world.vejle.leader.has_role(Role.LEADER)
