"""What the courses' pages show of the municipality's development records,
registered as page parts in courses.hooks (see DevelopmentConfig.ready):
a nomination's baseline, its check-ins, action-learning notes and support
tasks (with their forms), the check-ins and tasks waiting on "My courses",
and the links to the results pages. Each returns "" when there is nothing
for the viewer."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from accounts.models import Role
from courses import selectors as course_selectors
from courses.development import selectors


def nomination_facts(request, nomination) -> str:
    """What participant and leader want to change (the baseline)."""
    baseline = selectors.baseline_of(nomination)
    if baseline is None:
        return ""
    return render_to_string(
        "development/parts/nomination_facts.html", {"baseline": baseline}, request=request
    )


def nomination_sections(request, nomination) -> str:
    """The follow-up check-ins, the participant's action-learning notes and
    the implementation support tasks of a nomination (its page has already
    checked that the viewer may see it)."""
    user = request.user
    may_manage = course_selectors.may_manage_nomination(user, nomination)
    context = {
        "nomination": nomination,
        "is_participant": nomination.participant_id == user.pk,
        "may_manage": may_manage,
        "checkins": selectors.checkins_of(nomination),
        "notes": selectors.notes_of(nomination),
        "tasks": selectors.support_tasks_of(nomination),
        "owners": selectors.support_task_owners(user.municipality_id) if may_manage else [],
        "today": timezone.localdate(),
    }
    html = render_to_string("development/parts/nomination_sections.html", context, request=request)
    return html if html.strip() else ""


def my_courses(request) -> str:
    """The user's check-ins that are due and the support tasks they own."""
    checkins = list(selectors.checkins_due_for(request.user))
    tasks = list(selectors.open_support_tasks_for(request.user))
    if not checkins and not tasks:
        return ""
    return render_to_string(
        "development/parts/my_courses.html",
        {"checkins": checkins, "tasks": tasks},
        request=request,
    )


def catalogue_links(request) -> str:
    """HR's way to the municipality's results and costs."""
    if not request.user.has_role(Role.HR):
        return ""
    return format_html(
        '<a href="{}">{}</a>', reverse("development:results"), _("Results and costs")
    )


def provider_course_links(request, course) -> str:
    """The provider's way to a course's results per municipality."""
    return format_html(
        '<a href="{}">{}</a>',
        reverse("development_provider:results", args=[course.pk]),
        _("Results per municipality"),
    )
