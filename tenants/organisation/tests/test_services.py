"""What HR's pages needed of the organisation's services and reads: those
who left neither block closing nor count in headcounts, a leader who left
leads no one, every change of an employee (the account's too) is recorded
and moves updated_at, an account without a record gets one, and the trail
reads as words."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from api.services import api_client_create
from audit.models import AuditEvent
from audit.services import audit_record_local
from tenants.organisation import people, selectors
from tenants.organisation.changes import in_words
from tenants.organisation.models import EmployeeProfile, Unit
from tenants.organisation.services import (
    JobData,
    employee_create,
    employee_deactivate,
    employee_reactivate,
    employee_record_create,
    employee_update,
    unit_close,
    unit_create,
    unit_leader_set,
)


@pytest.fixture
def vejle(world):
    with tenant_context(world.vejle.municipality):
        yield world.vejle


def _profile(user) -> EmployeeProfile:
    return EmployeeProfile.objects.select_related("user").get(user_id=user.pk)


def test_those_who_left_neither_block_closing_nor_count(vejle):
    workplace = Unit.objects.get(name="Jobafklaring")
    with pytest.raises(ValidationError) as refused:
        unit_close(actor=vejle.hr, unit=workplace)
    assert refused.value.messages == [
        "2 medarbejdere arbejder her. Flyt dem til en anden arbejdsplads først."
    ]
    employee_deactivate(actor=vejle.hr, profile=_profile(vejle.employee), reason="Fratrådt")
    node = selectors.organisation_tree()[0].children[0].children[0]
    assert (node.unit.name, node.headcount) == ("Jobafklaring", 1)
    assert selectors.employee_count() == 2
    with pytest.raises(ValidationError) as refused:
        unit_close(actor=vejle.hr, unit=workplace)
    assert refused.value.messages == [
        "1 medarbejder arbejder her. Flyt vedkommende til en anden arbejdsplads først."
    ]
    employee_deactivate(actor=vejle.hr, profile=_profile(vejle.leader), reason="Fratrådt")
    unit_close(actor=vejle.hr, unit=workplace)
    workplace.refresh_from_db()
    assert workplace.closed_at is not None
    # The records of those who left stay at the closed workplace.
    assert set(
        EmployeeProfile.objects.filter(workplace=workplace).values_list("user_id", flat=True)
    ) == {
        vejle.employee.pk,
        vejle.leader.pk,
    }


def test_a_unit_name_is_unique_under_its_parent_next_to_the_field(vejle):
    department = Unit.objects.get(name="Jobcenter")
    with pytest.raises(ValidationError) as refused:
        unit_create(actor=vejle.hr, kind="workplace", name=" Jobafklaring ", parent=department)
    assert refused.value.message_dict == {
        "name": ["Jobcenter har allerede en enhed, der hedder Jobafklaring."]
    }
    with pytest.raises(ValidationError) as refused:
        unit_create(actor=vejle.hr, kind="administration", name="Beskæftigelse")
    assert refused.value.message_dict == {
        "name": ["Der findes allerede en forvaltning, der hedder Beskæftigelse."]
    }
    # The same name under another parent is fine.
    other = unit_create(actor=vejle.hr, kind="administration", name="Sundhed")
    assert unit_create(actor=vejle.hr, kind="department", name="Jobcenter", parent=other).pk


def test_a_named_leader_who_left_leads_no_one_and_the_workplace_falls_back(world, vejle):
    workplace = Unit.objects.get(name="Jobafklaring")
    other_leader = employee_create(
        actor=vejle.hr,
        email="ny.leder@vejle.example",
        full_name="Ny Leder",
        roles=["leader", "employee"],
        job=JobData(workplace=Unit.objects.get(name="Virksomhedsservice")),
        invite=False,
    )
    unit_leader_set(actor=vejle.hr, unit=workplace, leader=other_leader)
    assert [u.email for u in people.workplace_leaders(vejle.municipality, workplace.pk)] == [
        "ny.leder@vejle.example"
    ]
    employee_deactivate(actor=vejle.hr, profile=other_leader, reason="Fratrådt")
    # The leaders working there approve again until HR names another.
    assert [u.email for u in people.workplace_leaders(vejle.municipality, workplace.pk)] == [
        "leader@vejle.example"
    ]


def test_every_change_of_an_employee_is_recorded_and_moves_updated_at(vejle):
    profile = _profile(vejle.leader)
    workplace = Unit.objects.get(name="Jobafklaring")
    unit_leader_set(actor=vejle.hr, unit=workplace, leader=profile)
    long_ago = timezone.now() - timedelta(days=30)
    EmployeeProfile.objects.filter(pk=profile.pk).update(updated_at=long_ago)
    Unit.objects.filter(pk=workplace.pk).update(updated_at=long_ago)
    job = JobData(
        job_title=profile.job_title,
        profession=profile.profession,
        workplace=profile.workplace,
        leader=None,
    )
    # Nothing changed: nothing recorded.
    employee_update(
        actor=vejle.hr,
        profile=profile,
        email="leader@vejle.example",
        full_name="Leder Vejle",
        roles=["leader", "employee"],
        job=job,
    )
    assert EmployeeProfile.objects.get(pk=profile.pk).updated_at == long_ago
    employee_update(
        actor=vejle.hr,
        profile=profile,
        email="leader@vejle.example",
        full_name="Lene Leder",
        roles=["leader", "employee"],
        job=job,
    )
    assert EmployeeProfile.objects.get(pk=profile.pk).updated_at > long_ago
    # The unit they lead shows their name to partner systems: it moves too.
    assert Unit.objects.get(pk=workplace.pk).updated_at > long_ago
    event = AuditEvent.objects.filter(target_id=str(profile.pk)).latest("pk")
    assert (event.action, event.data) == ("employee.changed", {"fields": ["full_name"]})
    EmployeeProfile.objects.filter(pk=profile.pk).update(updated_at=long_ago)
    employee_deactivate(actor=vejle.hr, profile=profile, reason="Fratrådt")
    deactivated_at = EmployeeProfile.objects.get(pk=profile.pk).updated_at
    assert deactivated_at > long_ago
    employee_reactivate(actor=vejle.hr, profile=profile)
    assert EmployeeProfile.objects.get(pk=profile.pk).updated_at > deactivated_at


def test_an_account_without_a_record_gets_one(world, vejle):
    workplace = Unit.objects.get(name="Virksomhedsservice")
    profile = employee_record_create(
        actor=vejle.hr, user=vejle.coach, job=JobData(job_title="Coach", workplace=workplace)
    )
    assert (profile.user_id, profile.job_title, profile.workplace_id) == (
        vejle.coach.pk,
        "Coach",
        workplace.pk,
    )
    assert (
        AuditEvent.objects.filter(action="employee.recorded", target_id=str(profile.pk)).count()
        == 1
    )
    with pytest.raises(ValidationError, match="allerede registreret"):
        employee_record_create(actor=vejle.hr, user=vejle.coach, job=JobData())
    with pytest.raises(ValueError, match="another municipality"):
        employee_record_create(actor=vejle.hr, user=world.kolding.coach, job=JobData())
    assert list(selectors.accounts_without_record(vejle.municipality)) == []


def test_the_trail_in_words(world, vejle):
    partner, _key = api_client_create(
        actor=None, name="Vejle HR-system", scopes=[], municipality=vejle.municipality
    )
    unit = unit_create(actor=partner, kind="administration", name="Kultur")
    audit_record_local(actor=None, action="unit.changed", target=unit)
    audit_record_local(actor=vejle.hr, action="something.new")
    audit_record_local(actor=vejle.hr, action="unit.closed", target=Unit(pk=999999))
    changes = in_words(AuditEvent.objects.order_by("-pk")[:4])
    assert [(c.who, c.what) for c in changes] == [
        ("HR Vejle", "lukkede enheden (findes ikke længere)"),
        ("HR Vejle", "foretog en ændring"),
        ("Platformen", "ændrede enheden Kultur"),
        ("Vejle HR-system (partnersystem)", "oprettede enheden Kultur"),
    ]
