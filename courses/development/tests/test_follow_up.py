"""Follow-up after the last module: reminders until answered, answers only
by their respondent and only once due; on the nomination's page the
baseline, the check-ins, the participant's notes and the support tasks; on
"My courses" and the start page what waits for someone."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from courses.development.models import ActionNote, CheckIn, SupportTask
from courses.development.services import checkin_answer, checkins_remind_due, support_task_add


def test_reminders_until_answered(world, completed, mailoutbox, delivered):
    _nomination, last = completed
    today = timezone.localdate()
    with tenant_context(world.vejle.municipality):
        assert CheckIn.objects.filter(due_on__lte=today).count() == 2  # day 30: both
        with delivered():
            assert checkins_remind_due(today=today) == 2
        assert sorted(m.to[0] for m in mailoutbox) == sorted(
            [world.vejle.employee.email, world.vejle.leader.email]
        )
        with delivered():
            assert checkins_remind_due(today=today + timedelta(days=3)) == 0  # weekly
        mine = CheckIn.objects.get(respondent_user_id=world.vejle.employee.pk, day=30)
        with pytest.raises(CheckIn.DoesNotExist):
            checkin_answer(actor=world.vejle.leader, checkin=mine, in_use="yes", comment="")
        with pytest.raises(ValidationError):
            checkin_answer(actor=world.vejle.employee, checkin=mine, in_use="maybe", comment="")
        later = CheckIn.objects.get(respondent_user_id=world.vejle.employee.pk, day=60)
        with pytest.raises(ValidationError):
            checkin_answer(actor=world.vejle.employee, checkin=later, in_use="yes", comment="")
        checkin_answer(actor=world.vejle.employee, checkin=mine, in_use="yes", comment="Hver dag")
        with pytest.raises(ValidationError):
            checkin_answer(actor=world.vejle.employee, checkin=mine, in_use="no", comment="")
        with delivered():
            assert checkins_remind_due(today=today + timedelta(days=7)) == 1  # only the leader
    assert last + timedelta(days=30) <= today


def test_the_follow_up_on_the_courses_pages(world, completed, client_for, mailoutbox, delivered):
    """The parts of the nomination's page and of "My courses" that the
    municipality's follow-up owns, and its forms, through HTTP."""
    nomination, _last = completed
    page_path = f"/courses/nominations/{nomination.pk}/"
    participant = client_for(world.vejle.employee, municipality=world.vejle.municipality)
    hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    leader = client_for(world.vejle.leader, municipality=world.vejle.municipality)
    with tenant_context(world.vejle.municipality):
        due = CheckIn.objects.get(respondent_user_id=world.vejle.employee.pk, day=30)

    # The participant's page: the baseline, the check-ins (the due one to
    # answer), and the form for an action-learning note.
    page = participant.get(page_path).content.decode()
    assert "Hvad deltageren gerne vil ændre" in page
    assert f'href="/courses/checkins/{due.pk}/"' in page
    assert f'action="/courses/nominations/{nomination.pk}/note/"' in page
    # HR's page: no note form, but the form to give a support task.
    page = hr.get(page_path).content.decode()
    assert f'action="/courses/nominations/{nomination.pk}/note/"' not in page
    assert f'action="/courses/nominations/{nomination.pk}/task/"' in page

    # Start page and "My courses": the check-in waits for the participant.
    assert "Besvar opfølgningen på dag 30 efter et kursus" in participant.get("/").content.decode()
    mine = participant.get("/courses/my/").content.decode()
    assert f'href="/courses/checkins/{due.pk}/"' in mine

    # A note, then a task for the leader, who is told and marks it done.
    response = participant.post(
        f"/courses/nominations/{nomination.pk}/note/",
        {"tried": "Tre spørgsmål", "learned": "Borgeren satte et mål", "next_step": ""},
    )
    assert response["Location"] == page_path
    due_on = timezone.localdate() + timedelta(days=14)
    mailoutbox.clear()
    with delivered():
        response = hr.post(
            f"/courses/nominations/{nomination.pk}/task/",
            {"title": "Metoden på teammødet", "owner": world.vejle.leader.pk, "due_on": due_on},
        )
    assert response["Location"] == page_path
    assert [m.to for m in mailoutbox] == [[world.vejle.leader.email]]
    with tenant_context(world.vejle.municipality):
        note = ActionNote.objects.get()
        task = SupportTask.objects.get()
    assert (note.nomination_id, note.author_id, note.tried) == (
        nomination.pk,
        world.vejle.employee.pk,
        "Tre spørgsmål",
    )
    assert (task.nomination_id, task.owner_id, task.created_by_id, task.due_on) == (
        nomination.pk,
        world.vejle.leader.pk,
        world.vejle.hr.pk,
        due_on,
    )
    assert "Borgeren satte et mål" in participant.get(page_path).content.decode()
    assert "Metoden på teammødet" in leader.get("/courses/my/").content.decode()
    assert "Støtteopgave: Metoden på teammødet" in leader.get("/").content.decode()
    response = leader.post(f"/courses/tasks/{task.pk}/done/")
    assert response["Location"] == "/courses/my/"
    with tenant_context(world.vejle.municipality):
        task.refresh_from_db()
    assert task.done_at is not None
    assert "Metoden på teammødet" not in leader.get("/courses/my/").content.decode()

    # The participant answers the check-in on its page.
    response = participant.post(f"/courses/checkins/{due.pk}/", {"in_use": "yes", "comment": ""})
    assert response["Location"] == "/courses/my/"
    with tenant_context(world.vejle.municipality):
        due.refresh_from_db()
    assert due.in_use == "yes"


@pytest.mark.parametrize(
    "who",
    ["nobody", "beyond any id", "an employee without a role", "another municipality's leader"],
)
def test_a_support_task_goes_only_to_a_leader_or_resource_person_here(world, completed, who):
    """The service looks the owner up itself, within the giver's municipality."""
    nomination, _last = completed
    owner_id = {
        "nobody": 0,
        "beyond any id": 2**63,
        "an employee without a role": world.vejle.employee.pk,
        "another municipality's leader": world.kolding.leader.pk,
    }[who]
    with tenant_context(world.vejle.municipality):
        with pytest.raises(ValidationError) as refused:
            support_task_add(
                actor=world.vejle.hr,
                nomination=nomination,
                owner_id=owner_id,
                title="Metoden på teammødet",
                due_on=timezone.localdate() + timedelta(days=14),
            )
        assert refused.value.message_dict == {
            "owner": ["Vælg en leder eller ressourceperson i din egen kommune."]
        }
        assert not SupportTask.objects.exists()
