"""Bad input on HR's organisation pages: each error next to its field, what
was typed kept, nothing half-stored (no account without its record, no
unit, no audit event)."""

import pytest
from django_tenants.utils import tenant_context

from accounts.models import User
from audit.models import AuditEvent
from tenants.organisation.models import EmployeeProfile, Unit
from tests.isolation import snapshot


@pytest.fixture
def hr(client_for, world):
    return client_for(world.vejle.hr, municipality=world.vejle.municipality)


def _vejle_state(world):
    with tenant_context(world.vejle.municipality):
        return snapshot(Unit.objects.all(), EmployeeProfile.objects.all(), AuditEvent.objects.all())


def _state(world):
    return [
        *_vejle_state(world),
        *snapshot(User.objects.all(), AuditEvent.objects.all()),
    ]


def _field_errors(html: str, field: str) -> list[str]:
    """The error messages shown in ``field``'s own block (Django's as_div)."""
    start = html.index(f'id="id_{field}_error"') if f'id="id_{field}_error"' in html else -1
    if start < 0:
        return []
    block = html[start : html.index("</ul>", start)]
    return [part.split("</li>")[0] for part in block.split("<li>")[1:]]


def _unit_id(world, name):
    with tenant_context(world.vejle.municipality):
        return Unit.objects.get(name=name).pk


def _profile_id(world, email):
    with tenant_context(world.vejle.municipality):
        return EmployeeProfile.objects.get(user__email=email).pk


@pytest.mark.parametrize(
    ("posted", "field", "message"),
    [
        (
            {"latitude": "55.7"},
            "longitude",
            "Angiv både breddegrad og længdegrad eller ingen af dem.",
        ),
        (
            {"latitude": "95", "longitude": "9"},
            "latitude",
            "Denne værdi skal være mindre end eller lig 90.",
        ),
        ({"latitude": "nord", "longitude": "9"}, "latitude", "Indtast et tal."),
        ({"name": ""}, "name", "Feltet skal udfyldes."),
        (
            {"name": "Jobafklaring"},
            "name",
            "Jobcenter har allerede en enhed, der hedder Jobafklaring.",
        ),
        (
            {"kind": "workplace", "parent": "beskæftigelse"},
            "parent",
            "En enhed af typen Arbejdsplads skal høre under en enhed af typen Afdeling.",
        ),
        (
            {"kind": "administration", "parent": "jobcenter"},
            "parent",
            "En forvaltning kan ikke høre under en anden enhed.",
        ),
        (
            {"kind": "department", "parent": ""},
            "parent",
            "En enhed af typen Afdeling skal høre under en enhed af typen Forvaltning.",
        ),
    ],
)
def test_a_bad_unit_is_refused_next_to_the_field_and_keeps_what_was_typed(
    hr, world, isolated, posted, field, message
):
    data = {
        "kind": "workplace",
        "name": "Ungeindsatsen",
        "parent": "jobcenter",
        "address": "Vestergade 7, 7100 Vejle",
        "latitude": "",
        "longitude": "",
        **posted,
    }
    ids = {
        "jobcenter": _unit_id(world, "Jobcenter"),
        "beskæftigelse": _unit_id(world, "Beskæftigelse"),
    }
    data["parent"] = ids.get(data["parent"], data["parent"])
    with isolated(lambda: _state(world)):
        response = hr.post("/organisation/units/new/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert _field_errors(html, field) == [message]
    assert 'value="Vestergade 7, 7100 Vejle"' in html
    if data["name"]:
        assert f'value="{data["name"]}"' in html


@pytest.mark.parametrize(
    ("posted", "field", "message"),
    [
        (
            {"email": "hr@vejle.example"},
            "email",
            "Der findes allerede en konto med e-mailadressen hr@vejle.example.",
        ),
        # E-mail addresses are unique on the whole platform: Kolding's too.
        (
            {"email": "EMPLOYEE@kolding.example"},
            "email",
            "Der findes allerede en konto med e-mailadressen employee@kolding.example.",
        ),
        ({"email": "ikke-en-adresse"}, "email", "Angiv en gyldig e-mailadresse."),
        ({"full_name": ""}, "full_name", "Feltet skal udfyldes."),
        (
            {"roles": ["wizard"]},
            "roles",
            "Marker en gyldig valgmulighed. wizard er ikke en af de tilgængelige valgmuligheder.",
        ),
        ({"external_id": "E-1"}, "external_id", "En anden medarbejder har dette id."),
        (
            {"workplace": "999999"},
            "workplace",
            "Marker en gyldig valgmulighed. Det valg, du har foretaget, er ikke blandt de tilgængelige valgmuligheder.",
        ),
        (
            {"workplace": "jobcenter"},
            "workplace",
            "Marker en gyldig valgmulighed. Det valg, du har foretaget, er ikke blandt de tilgængelige valgmuligheder.",
        ),
    ],
)
def test_a_bad_employee_is_refused_next_to_the_field_and_nothing_half_stored(
    hr, world, isolated, posted, field, message
):
    with tenant_context(world.vejle.municipality):
        EmployeeProfile.objects.filter(user_id=world.vejle.leader.pk).update(external_id="E-1")
    data = {
        "email": "ny.kollega@vejle.example",
        "full_name": "Ny Kollega",
        "roles": ["employee"],
        "job_title": "Jobkonsulent",
        "profession": "",
        "workplace": "",
        "leader": "",
        "external_id": "",
        **posted,
    }
    if data["workplace"] == "jobcenter":
        data["workplace"] = _unit_id(world, "Jobcenter")
    with isolated(lambda: _state(world)):
        response = hr.post("/organisation/employees/new/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert _field_errors(html, field) == [message]
    assert 'value="Jobkonsulent"' in html
    if data["full_name"]:
        assert 'value="Ny Kollega"' in html


def test_a_leader_cycle_is_refused_next_to_the_leader(hr, world, isolated):
    leader = _profile_id(world, "leader@vejle.example")
    employee = _profile_id(world, "employee@vejle.example")
    # Make the employee a leader, then try to make them lead their own leader.
    with tenant_context(world.vejle.municipality):
        from_profile = EmployeeProfile.objects.get(pk=leader)
    User.objects.get(pk=world.vejle.employee.pk).memberships.create(role="leader")
    with isolated(lambda: _state(world)):
        response = hr.post(
            f"/organisation/employees/{leader}/",
            {
                "email": "leader@vejle.example",
                "full_name": "Leder Vejle",
                "roles": ["leader", "employee"],
                "job_title": "Leder",
                "profession": from_profile.profession_id,
                "workplace": from_profile.workplace_id,
                "leader": employee,
                "external_id": "",
            },
        )
    assert _field_errors(response.content.decode(), "leader") == [
        "Medarbejder Vejle kan ikke være leder for en, de selv refererer til, direkte eller længere oppe."
    ]


def test_deactivating_needs_a_reason(hr, world, isolated):
    employee = _profile_id(world, "employee@vejle.example")
    with isolated(lambda: _state(world)):
        response = hr.post(f"/organisation/employees/{employee}/deactivate/", {"reason": "   "})
    assert _field_errors(response.content.decode(), "reason") == ["Feltet skal udfyldes."]
    assert User.objects.get(pk=world.vejle.employee.pk).is_active is True


def test_a_leader_must_hold_the_leader_role(hr, world, isolated):
    employee = _profile_id(world, "employee@vejle.example")
    with isolated(lambda: _state(world)):
        response = hr.post(
            f"/organisation/units/{world.vejle.workplace_id}/leader/", {"leader": employee}
        )
    assert _field_errors(response.content.decode(), "leader") == [
        "Marker en gyldig valgmulighed. Det valg, du har foretaget, er ikke blandt de tilgængelige valgmuligheder."
    ]


def test_a_unit_cannot_be_moved_under_the_wrong_kind(hr, world, isolated):
    workplace = world.vejle.workplace_id
    with isolated(lambda: _state(world)):
        response = hr.post(
            f"/organisation/units/{workplace}/edit/",
            {
                "name": "Jobafklaring",
                "parent": _unit_id(world, "Beskæftigelse"),
                "address": "",
                "latitude": "",
                "longitude": "",
            },
        )
    assert _field_errors(response.content.decode(), "parent") == [
        "Marker en gyldig valgmulighed. Det valg, du har foretaget, er ikke blandt de tilgængelige valgmuligheder."
    ]


def test_hr_cannot_deactivate_themselves(hr, world, isolated):
    own = _profile_id(world, "hr@vejle.example")
    with isolated(lambda: _state(world)):
        response = hr.post(f"/organisation/employees/{own}/deactivate/", {"reason": "Fratrådt"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Du kan ikke deaktivere dig selv. Bed en anden HR-kollega om det." in html
    assert User.objects.get(pk=world.vejle.hr.pk).is_active is True
