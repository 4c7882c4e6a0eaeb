"""A staff file from upload to result, through the services the pages and
the worker call: created, changed, deactivated, reactivated; the same file
twice changes nothing; a changed file changes only what changed."""

from django.utils import translation
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from audit.models import AuditEvent
from tenants.organisation.changes import in_words
from tenants.organisation.models import EmployeeProfile, ImportStatus, Unit
from tenants.organisation.staff_import.tests.helpers import (
    JOB,
    apply,
    csv_file,
    organisation_state,
    outcome,
    person,
    read,
)

NEW_PLACE = ("Sundhed", "Hjemmeplejen", "Distrikt Nord")


def test_a_new_team_is_created_with_its_units_and_leader(world):
    vejle, hr = world.vejle.municipality, world.vejle.hr
    content = csv_file(
        person(
            "Mette.Holm@vejle.example",
            "Mette Holm",
            "10001",
            "Leder",
            "manager",
            NEW_PLACE,
            "",
            "medarbejder, leder",
        ),
        person(
            "sofie@vejle.example",
            "Sofie Dal",
            "10002",
            "Sygeplejerske",
            "Sygeplejerske",
            NEW_PLACE,
            "mette.holm@vejle.example",
        ),
        person(
            "ole@vejle.example",
            "Ole Bak",
            "10003",
            "Jobkonsulent",
            "jobcentre-caseworker",
            JOB,
            "10001",
        ),
    )
    staff_import = read(vejle, hr, content)
    assert staff_import.status == ImportStatus.PREVIEW
    assert outcome(staff_import) == {2: ("create", []), 3: ("create", []), 4: ("create", [])}
    assert staff_import.counts == {
        "create": 3,
        "change": 0,
        "deactivate": 0,
        "reactivate": 0,
        "unchanged": 0,
        "skipped": 0,
        "refused": 0,
        "rows": 3,
        "units_created": 3,
        "units_changed": 0,
    }
    assert [u["path"] for u in staff_import.preview["units"]] == [
        "Sundhed",
        "Sundhed › Hjemmeplejen",
        "Sundhed › Hjemmeplejen › Distrikt Nord",
    ]
    staff_import = apply(vejle, hr, staff_import)
    assert staff_import.status == ImportStatus.APPLIED
    state = organisation_state(vejle)
    assert state["profiles"]["mette.holm@vejle.example"] == (
        "Leder",
        "manager",
        "Sundhed › Hjemmeplejen › Distrikt Nord",
        None,
        "10001",
    )
    assert state["profiles"]["sofie@vejle.example"] == (
        "Sygeplejerske",
        "nurse",
        "Sundhed › Hjemmeplejen › Distrikt Nord",
        "mette.holm@vejle.example",
        "10002",
    )
    assert state["profiles"]["ole@vejle.example"][2:4] == (
        "Beskæftigelse › Jobcenter › Jobafklaring",
        "mette.holm@vejle.example",
    )
    assert state["users"]["ole@vejle.example"] == ("Ole Bak", True, vejle.pk)
    assert User.objects.get(email="mette.holm@vejle.example").roles == {Role.EMPLOYEE, Role.LEADER}
    assert User.objects.get(email="sofie@vejle.example").roles == {Role.EMPLOYEE}
    assert not User.objects.get(email="sofie@vejle.example").has_usable_password()

    # The same file again changes nothing, and says so.
    again = read(vejle, hr, content)
    assert {line: action for line, (action, _p) in outcome(again).items()} == {
        2: "unchanged",
        3: "unchanged",
        4: "unchanged",
    }
    assert again.preview["same_file_applied_at"] == staff_import.applied_at.isoformat()
    assert again.counts["units_created"] == 0
    assert organisation_state(vejle) == state

    # HR's trail of changes says it in words: who imported which file, and what it did.
    with tenant_context(vejle), translation.override("en"):
        trail = in_words(AuditEvent.objects.filter(action__startswith="staff_import."))
    said = {(change.what, change.detail) for change in trail}
    assert ("uploaded the staff file medarbejdere.csv", "") in said
    assert ("confirmed the import of medarbejdere.csv", "") in said
    assert (
        "imported the staff file medarbejdere.csv",
        "3 created, 0 changed, 0 deactivated, 0 reactivated, 0 unchanged, 3 units created",
    ) in said
    assert {change.who for change in trail} == {hr.full_name}


def test_a_changed_file_changes_only_what_changed(world):
    vejle, hr = world.vejle.municipality, world.vejle.hr
    first = csv_file(
        person(
            "a@vejle.example",
            "Anna A",
            "1",
            "Konsulent",
            "jobcentre-caseworker",
            JOB,
            "leader@vejle.example",
        ),
        person(
            "b@vejle.example",
            "Bo B",
            "2",
            "Konsulent",
            "jobcentre-caseworker",
            JOB,
            "leader@vejle.example",
        ),
    )
    apply(vejle, hr, read(vejle, hr, first))
    before = organisation_state(vejle)
    changed = csv_file(
        # Anna's new address is found by her number; Bo is not in the file.
        person("anna@vejle.example", "", "1", "Seniorkonsulent"),
    )
    staff_import = read(vejle, hr, changed)
    assert staff_import.preview["rows"][0]["changes"] == [
        {"field": "email", "old": "a@vejle.example", "new": "anna@vejle.example"},
        {"field": "job_title", "old": "Konsulent", "new": "Seniorkonsulent"},
    ]
    apply(vejle, hr, staff_import)
    after = organisation_state(vejle)
    assert after["profiles"].pop("anna@vejle.example") == (
        "Seniorkonsulent",
        "jobcentre-caseworker",
        "Beskæftigelse › Jobcenter › Jobafklaring",
        "leader@vejle.example",
        "1",
    )
    assert after["users"].pop("anna@vejle.example") == ("Anna A", True, vejle.pk)
    before["profiles"].pop("a@vejle.example")
    before["users"].pop("a@vejle.example")
    assert after["profiles"] == before["profiles"]
    assert after["users"] == before["users"]


def test_leavers_are_deactivated_and_returners_reactivated(
    world, django_capture_on_commit_callbacks
):
    vejle, hr = world.vejle.municipality, world.vejle.hr
    staff_import = read(vejle, hr, csv_file(person("employee@vejle.example", left="ja")))
    assert outcome(staff_import) == {2: ("deactivate", [])}
    apply(vejle, hr, staff_import)
    assert User.objects.get(email="employee@vejle.example").is_active is False
    # Still registered, with the job it had.
    with tenant_context(vejle):
        assert (
            EmployeeProfile.objects.get(user_id=world.vejle.employee.pk).job_title == "Jobkonsulent"
        )
    back = read(
        vejle, hr, csv_file(person("employee@vejle.example", title="Jobkonsulent II", left="nej"))
    )
    assert outcome(back) == {2: ("reactivate", [])}
    apply(vejle, hr, back)
    user = User.objects.get(email="employee@vejle.example")
    assert user.is_active is True
    with tenant_context(vejle):
        assert EmployeeProfile.objects.get(user_id=user.pk).job_title == "Jobkonsulent II"


def test_an_account_without_a_record_gets_one(world):
    vejle, hr = world.vejle.municipality, world.vejle.hr
    staff_import = read(
        vejle,
        hr,
        csv_file(person("coach@vejle.example", "", "77", "Coach", "hr-consultant", JOB, "", "")),
    )
    assert outcome(staff_import) == {2: ("create", [])}
    apply(vejle, hr, staff_import)
    with tenant_context(vejle):
        profile = EmployeeProfile.objects.get(user_id=world.vejle.coach.pk)
        assert (profile.job_title, profile.external_id, profile.workplace.name) == (
            "Coach",
            "77",
            "Jobafklaring",
        )
    assert User.objects.get(pk=world.vejle.coach.pk).roles == {Role.COACH, Role.EMPLOYEE}
    with tenant_context(vejle):
        assert Unit.objects.count() == 4
