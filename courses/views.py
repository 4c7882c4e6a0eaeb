"""Pages of joint courses on a municipality's site: the catalogue with the
pooled-demand meter, nominating and asking to join, a nomination with its
cohort dates and assignments, and calendars. What the municipality keeps
about a participation (baseline, check-ins, notes, support tasks, results)
is courses.development's: its parts of these pages come through
courses.hooks.page_parts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role, User
from config.pages import say_refusal, step
from config.posted import posted_id
from courses import selectors
from courses.documents import modules_ics
from courses.hooks import page_parts
from courses.models import LIVE_NOMINATION, Assignment, Cohort, Course, Nomination
from courses.services import nominations as nomination_services
from courses.services.attendance import submission_submit
from courses.services.calendar import calendar_feed_renew

FEED_SALT = "courses-feed"


def _course(request, course_id) -> Course:
    try:
        return selectors.course_for_municipality(user=request.user, course_id=course_id)
    except Course.DoesNotExist:
        raise Http404 from None


def _nomination(request, nomination_id) -> Nomination:
    try:
        return selectors.nomination_for_viewer(user=request.user, nomination_id=nomination_id)
    except Nomination.DoesNotExist:
        raise Http404 from None


@login_required
def catalogue(request):
    if request.user.municipality_id is None:
        raise Http404
    courses = list(
        selectors.with_meter(
            selectors.courses_for_municipality(request.user.municipality)
        ).order_by("title")
    )
    own = {}
    for nomination in selectors.nominations_visible_to(request.user):
        own.setdefault(nomination.course_id, []).append(nomination)
    for course in courses:
        course.meter = selectors.meter(course)
        course.own = own.get(course.pk, [])
    return render(
        request,
        "courses/catalogue.html",
        {"courses": courses, "links": page_parts("catalogue_links", request)},
    )


@login_required
def course_detail(request, course_id: int):
    course = _course(request, course_id)
    nominations = list(selectors.nominations_visible_to(request.user).filter(course=course))
    live = [s.value for s in LIVE_NOMINATION]
    mine = next(
        (n for n in nominations if n.participant_id == request.user.pk and n.status in live),
        None,
    )
    context = {
        "course": course,
        "meter": selectors.meter(course),
        "nominations": nominations,
        "mine": mine,
        "may_nominate": selectors.may_nominate(request.user) and course.status == "published",
        "cohorts": course.cohorts.exclude(status="cancelled").prefetch_related("modules__module"),
    }
    if context["may_nominate"]:
        context["nominees"] = selectors.nominees_for(request.user)
    if request.user.has_role(Role.HR):
        context["cost"] = next(
            (
                row
                for row in selectors.costs_by_municipality(course)
                if row["municipality"] == request.user.municipality.name
            ),
            None,
        )
    return render(request, "courses/course_detail.html", context)


@login_required
@require_POST
def course_nominate(request, course_id: int):
    course = _course(request, course_id)
    if not selectors.may_nominate(request.user):
        raise Http404
    participant = (
        selectors.nominees_for(request.user)
        .filter(pk=posted_id(request.POST.get("participant")))
        .first()
    )
    try:
        if participant is None:
            raise ValidationError(_("Choose an employee you may nominate."))
        nomination = nomination_services.nomination_create(
            actor=request.user,
            course=course,
            participant=participant,
            leader_change=request.POST.get("leader_change", ""),
        )
    except ValidationError as error:
        say_refusal(request, error)
        return redirect("courses:course", course_id=course.pk)
    except Course.DoesNotExist:
        raise Http404 from None
    messages.success(
        request,
        _("%(name)s is nominated and asked to accept.") % {"name": participant.full_name},
    )
    return redirect("courses:nomination", nomination_id=nomination.pk)


@login_required
@require_POST
def course_request(request, course_id: int):
    course = _course(request, course_id)
    try:
        nomination = nomination_services.nomination_request(
            actor=request.user,
            course=course,
            participant_change=request.POST.get("participant_change", ""),
        )
    except ValidationError as error:
        say_refusal(request, error)
        return redirect("courses:course", course_id=course.pk)
    except Course.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("Your leader is asked to approve."))
    return redirect("courses:nomination", nomination_id=nomination.pk)


@login_required
def nomination_detail(request, nomination_id: int):
    nomination = _nomination(request, nomination_id)
    user = request.user
    is_participant = nomination.participant_id == user.pk
    cohort = nomination.cohort
    context = {
        "nomination": nomination,
        "course": nomination.course,
        "is_participant": is_participant,
        "is_leader": selectors.is_leader_of(user, nomination.participant),
        "may_manage": selectors.may_manage_nomination(user, nomination),
        "facts": page_parts("nomination_facts", request, nomination),
        "sections": page_parts("nomination_sections", request, nomination),
    }
    if cohort is not None:
        context["modules"] = cohort.modules.select_related("module").order_by("module__position")
        assignments = list(
            Assignment.objects.filter(cohort=cohort).select_related("after_module__module")
        )
        submissions = {s.assignment_id: s for s in nomination.submissions.all()}
        for assignment in assignments:
            assignment.mine = submissions.get(assignment.pk)
        context["assignments"] = assignments
    if is_participant:
        context["feed"] = request.build_absolute_uri(
            reverse("courses:feed", args=[feed_token(user)])
        )
    return render(request, "courses/nomination_detail.html", context)


# --- One view per decision on a nomination (each redirects back to it) ---------


@login_required
@require_POST
def nomination_accept(request, nomination_id: int):
    """The nominated employee says yes, with what they want to change."""
    nomination = _nomination(request, nomination_id)
    return step(
        request,
        lambda: nomination_services.nomination_accept(
            actor=request.user,
            nomination=nomination,
            participant_change=request.POST.get("participant_change", ""),
        ),
        _("You have accepted. The nomination counts in the demand."),
        "courses:nomination",
        nomination_id=nomination.pk,
    )


@login_required
@require_POST
def nomination_approve(request, nomination_id: int):
    """The employee's leader approves their request."""
    nomination = _nomination(request, nomination_id)
    return step(
        request,
        lambda: nomination_services.nomination_leader_approve(
            actor=request.user,
            nomination=nomination,
            leader_change=request.POST.get("leader_change", ""),
        ),
        _("Approved. The request counts in the demand."),
        "courses:nomination",
        nomination_id=nomination.pk,
    )


@login_required
@require_POST
def nomination_decline(request, nomination_id: int):
    """The employee declines a nomination, or the leader a request."""
    nomination = _nomination(request, nomination_id)
    return step(
        request,
        lambda: nomination_services.nomination_decline(
            actor=request.user, nomination=nomination, reason=request.POST.get("reason", "")
        ),
        _("Declined."),
        "courses:nomination",
        nomination_id=nomination.pk,
    )


@login_required
@require_POST
def nomination_cancel(request, nomination_id: int):
    """The participant, their leader or HR cancels the participation."""
    nomination = _nomination(request, nomination_id)
    return step(
        request,
        lambda: nomination_services.nomination_cancel(
            actor=request.user, nomination=nomination, reason=request.POST.get("reason", "")
        ),
        _("The participation is cancelled."),
        "courses:nomination",
        nomination_id=nomination.pk,
    )


@login_required
@require_POST
def assignment_submit(request, nomination_id: int):
    """The participant submits their answer to one of the cohort's assignments."""
    nomination = _nomination(request, nomination_id)
    assignment = Assignment.objects.filter(
        pk=posted_id(request.POST.get("assignment")), cohort_id=nomination.cohort_id
    ).first()
    if assignment is None or nomination.participant_id != request.user.pk:
        raise Http404
    return step(
        request,
        lambda: submission_submit(
            actor=request.user, assignment=assignment, text=request.POST.get("text", "")
        ),
        _("Your answer is submitted."),
        "courses:nomination",
        nomination_id=nomination.pk,
    )


@login_required
def my_courses(request):
    """The user's own courses, what waits for their answer, and — for a
    leader or HR — the nominations they follow."""
    nominations = list(selectors.nominations_visible_to(request.user).order_by("-created_at"))
    return render(
        request,
        "courses/my_courses.html",
        {
            "own": [n for n in nominations if n.participant_id == request.user.pk],
            "others": [n for n in nominations if n.participant_id != request.user.pk],
            "sections": page_parts("my_courses", request),
        },
    )


@login_required
def cohort_calendar(request, cohort_id: int):
    try:
        cohort = selectors.cohort_for_municipality_user(user=request.user, cohort_id=cohort_id)
    except Cohort.DoesNotExist:
        raise Http404 from None
    body = modules_ics(
        cohort.modules.select_related("module", "cohort__course"), request.get_host(), str(cohort)
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hold-{cohort.pk}.ics"'
    return response


def feed_token(user) -> str:
    """The same address every time it is shown (no timestamp in it), until the
    user asks for a new one."""
    return signing.Signer(salt=FEED_SALT).sign_object(
        {"u": user.pk, "v": user.calendar_feed_version}
    )


def _feed_payload(token: str) -> dict:
    if token.count(":") == 2:
        # An address handed out before addresses became stable: payload:timestamp:signature.
        return signing.loads(token, salt=FEED_SALT)
    return signing.Signer(salt=FEED_SALT).unsign_object(token)


def participant_feed(request, token: str):
    """A participant's calendar feed (every module of their cohorts), at a
    signed address a calendar program can subscribe to without signing in;
    an address from before the user asked for a new one is a 404."""
    try:
        data = _feed_payload(token)
        user = User.objects.get(pk=int(data["u"]), is_active=True)
        version = int(data.get("v", 0))
    except (signing.BadSignature, KeyError, TypeError, ValueError, User.DoesNotExist):
        raise Http404 from None
    if user.municipality_id != getattr(request.tenant, "pk", None):
        raise Http404
    if version != user.calendar_feed_version:
        raise Http404
    body = modules_ics(selectors.modules_of_participant(user), request.get_host(), _("My courses"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
@require_POST
def feed_renew(request):
    """A new address for the user's calendar feed; the old one stops working
    (e.g. when it was shared by mistake)."""
    calendar_feed_renew(actor=request.user)
    messages.success(
        request,
        _("Your calendar has a new address; the old one no longer works. Subscribe again."),
    )
    back = posted_id(request.POST.get("nomination"))
    if back:
        return redirect("courses:nomination", nomination_id=back)
    return redirect("courses:my")
