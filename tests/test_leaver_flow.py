"""A leaver, end to end through HR's page: HR reads what deactivating will
withdraw (from the exchange and courses alike), gives a reason and
deactivates; then the person cannot sign in, their open application, swap
request and nominations are withdrawn with the reason, exactly the others
concerned are mailed, and the swap under way and every record stay."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEvent
from courses.models import Nomination, NominationStatus
from courses.services import course_publish, course_save, module_add, nomination_create
from courses.tests.factories import course_data
from exchange.models import (
    Application,
    ApplicationStatus,
    Interest,
    RequestStatus,
    Swap,
    SwapRequest,
)
from exchange.services.requests import interest_express
from exchange.services.swaps import application_accept, application_submit
from exchange.tests.support import GOALS
from tenants.organisation.models import EmployeeProfile
from tests.matching_fixtures import person, swap_request
from tests.world import PASSWORD

REASON = "Fratrådt efter eget ønske"


def _course(world, title):
    course = course_save(actor=world.provider_staff, data=course_data(title=title))
    module_add(actor=world.provider_staff, course=course, title="Modul 1", days=2, location="VIA")
    return course_publish(actor=world.provider_staff, course=course)


def test_hr_deactivates_a_leaver_and_sees_what_was_withdrawn_and_what_stayed(
    world, make_opening, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    kolding = world.kolding
    leaver = person(
        kolding,
        "lars",
        {Role.EMPLOYEE},
        "jobcentre-caseworker",
        kolding.workplace_id,
        leader_user=kolding.leader,
    )
    # Open: an application, a swap request Vejle's employee is interested
    # in, and a nomination (by Kolding's leader) awaiting the leaver.
    open_application = application_submit(
        actor=leaver, opening=make_opening(title="Åben ansøgning"), **GOALS
    )
    request = swap_request(leaver)
    interested = swap_request(world.vejle.employee)
    with tenant_context(world.vejle.municipality):
        interest_express(actor=world.vejle.employee, from_request=interested, to_request=request)
    with tenant_context(kolding.municipality):
        nomination = nomination_create(
            actor=kolding.leader, course=_course(world, "Samtaler"), participant=leaver
        )
    # Under way: a swap into Vejle.
    accepted = application_submit(actor=leaver, opening=make_opening(title="Jobbytte"), **GOALS)
    with tenant_context(world.vejle.municipality):
        swap = application_accept(actor=world.vejle.hr, application=accepted)
    swap_status = swap.status
    with tenant_context(kolding.municipality):
        profile = EmployeeProfile.objects.get(user_id=leaver.pk)
    leaver.set_password(PASSWORD)
    leaver.save(update_fields=["password"])
    signed_in = client_for(municipality=kolding.municipality).post(
        "/login/", {"username": leaver.email, "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    hr = client_for(kolding.hr, municipality=kolding.municipality)

    confirm = hr.get(f"/organisation/employees/{profile.pk}/deactivate/").content.decode()
    items = confirm.split('<h2 id="withdrawn-heading">')[1].split("</ul>")[0]
    assert [i.split("</li>")[0] for i in items.split("<li>")[1:]] == [
        "Indstillingen til “Samtaler”",
        "Ansøgningen til “Åben ansøgning” (Vejle), som venter på svar",
        f"Ønsket om jobbytte {request.public_label} og et eventuelt matchforslag, det indgår i",
    ]
    assert "Igangværende jobbytter og alle registreringer" in confirm
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(f"/organisation/employees/{profile.pk}/deactivate/", {"reason": REASON})
    assert (response.status_code, response["Location"]) == (
        302,
        f"/organisation/employees/{profile.pk}/",
    )

    # Withdrawn, each with the reason.
    open_application.refresh_from_db()
    assert (open_application.status, open_application.decision_reason) == (
        ApplicationStatus.WITHDRAWN,
        REASON,
    )
    request.refresh_from_db()
    assert (request.status, request.withdrawn_reason) == (RequestStatus.WITHDRAWN, REASON)
    nomination.refresh_from_db()
    assert (nomination.status, nomination.reason) == (NominationStatus.CANCELLED, REASON)
    # Stayed: the swap under way, the accepted application, the interest,
    # the record and the account (inactive).
    assert Swap.objects.get(pk=swap.pk).status == swap_status
    assert Application.objects.get(pk=accepted.pk).status == ApplicationStatus.ACCEPTED
    assert Interest.objects.filter(from_request=interested, to_request=request).exists()
    assert SwapRequest.objects.get(pk=interested.pk).status == RequestStatus.ACTIVE
    assert Nomination.objects.filter(participant=leaver).count() == 1
    with tenant_context(kolding.municipality):
        assert EmployeeProfile.objects.filter(
            pk=profile.pk, workplace_id=kolding.workplace_id
        ).exists()
        local = list(
            AuditEvent.objects.filter(target_id=str(profile.pk)).values_list(
                "action", "actor_id", "data"
            )
        )
    assert ("employee.deactivated", kolding.hr.pk, {"reason": REASON}) in local
    public = sorted(
        AuditEvent.objects.filter(action__endswith="_leaver").values_list("action", "actor_id")
    )
    assert public == [
        ("application.withdrawn_leaver", kolding.hr.pk),
        ("nomination.withdrawn_leaver", kolding.hr.pk),
        ("swap_request.withdrawn_leaver", kolding.hr.pk),
    ]
    # Told: the opening's managers in Vejle, the one interested in the
    # request, and the leader who nominated. Not the leaver, not HR who acted.
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == [
        (
            "employee@vejle.example",
            "Et ønske om jobbytte, du var i kontakt med, er trukket tilbage",
        ),
        ("hr@vejle.example", 'En ansøgning til "Åben ansøgning" er trukket tilbage'),
        ("leader@kolding.example", "En deltagelse i “Samtaler” er trukket tilbage"),
        ("leader@vejle.example", 'En ansøgning til "Åben ansøgning" er trukket tilbage'),
    ]
    assert all(REASON in m.body for m in mailoutbox)

    # The leaver can no longer sign in.
    login = client_for(municipality=kolding.municipality).post(
        "/login/", {"username": leaver.email, "password": PASSWORD}
    )
    assert login.status_code == 200  # the form again, with its error
    page = hr.get(f"/organisation/employees/{profile.pk}/deactivate/").content.decode()
    assert "Kollega lars er allerede deaktiveret." in page
    assert timezone.now() - timedelta(minutes=5) < nomination.ended_at
