"""What the municipality keeps when something happens to a course (see
courses.hooks): the baseline of a nomination, and the follow-up check-ins
when a cohort completes."""

from datetime import timedelta

from django.dispatch import receiver
from django_tenants.utils import tenant_context

from courses import hooks
from courses.development.models import CHECKIN_DAYS, Baseline, CheckIn, Respondent
from tenants.organisation import people


@receiver(hooks.baseline_stated, dispatch_uid="development.baseline_save")
def baseline_save(sender, *, nomination, participant_change=None, leader_change=None, **_kwargs):
    """Keep what participant and leader want to change, in the nomination's
    municipality's schema (the connection is set there)."""
    baseline, _created = Baseline.objects.get_or_create(
        nomination_id=nomination.pk, defaults={"participant_change": ""}
    )
    if participant_change is not None:
        baseline.participant_change = participant_change.strip()[:5000]
    if leader_change is not None:
        baseline.leader_change = leader_change.strip()[:5000]
    baseline.save()


@receiver(hooks.cohort_completed, dispatch_uid="development.checkins_schedule")
def checkins_schedule(sender, *, cohort, nominations, last_day, **_kwargs):
    """Each participant and their leader get check-ins at 30, 60 and 90 days
    after the last module, in the participant's municipality's schema."""
    by_municipality: dict[int, list] = {}
    for nomination in nominations:
        by_municipality.setdefault(nomination.municipality_id, []).append(nomination)
    for group in by_municipality.values():
        with tenant_context(group[0].municipality):
            for nomination in group:
                respondents = [(Respondent.PARTICIPANT, nomination.participant)] + [
                    (Respondent.LEADER, leader)
                    for leader in people.leaders_of(nomination.participant)[:1]
                ]
                for role, user in respondents:
                    for day in CHECKIN_DAYS:
                        CheckIn.objects.get_or_create(
                            nomination_id=nomination.pk,
                            respondent=role,
                            day=day,
                            defaults={
                                "course_id": cohort.course_id,
                                "respondent_user_id": user.pk,
                                "due_on": last_day + timedelta(days=day),
                            },
                        )
