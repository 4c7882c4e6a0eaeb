"""Pages of joint courses on a municipality's site: the catalogue with the
pooled-demand meter, nominating and asking to join, a nomination with its
cohort dates, assignments, check-ins and follow-up, and HR's results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role, User
from config.posted import posted_date, posted_id
from courses import selectors, services
from courses.documents import modules_ics
from courses.models import Assignment, Cohort, Course, Nomination, NominationStatus
from courses.views_provider import chart, cost_rows, results_csv
from tenants.organisation import people

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


def _errors(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


def _may_nominate(user) -> bool:
    return user.has_role(Role.HR) or user.has_role(Role.LEADER)


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
    return render(request, "courses/catalogue.html", {"courses": courses})


def _nominees(user):
    """Whom ``user`` may nominate: HR anyone in the municipality with a job,
    a leader their own team."""
    ids = people.employees_with_a_job() if user.has_role(Role.HR) else people.team_user_ids(user)
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name")


@login_required
def course_detail(request, course_id: int):
    course = _course(request, course_id)
    nominations = list(selectors.nominations_visible_to(request.user).filter(course=course))
    mine = next(
        (
            n
            for n in nominations
            if n.participant_id == request.user.pk
            and n.status in [s.value for s in services_live()]
        ),
        None,
    )
    context = {
        "course": course,
        "meter": selectors.meter(course),
        "nominations": nominations,
        "mine": mine,
        "may_nominate": _may_nominate(request.user) and course.status == "published",
        "cohorts": course.cohorts.exclude(status="cancelled").prefetch_related("modules__module"),
    }
    if context["may_nominate"]:
        context["nominees"] = _nominees(request.user)
    if request.user.has_role(Role.HR):
        context["cost"] = next(
            (
                row
                for row in cost_rows(course)
                if row["municipality"] == request.user.municipality.name
            ),
            None,
        )
    return render(request, "courses/course_detail.html", context)


def services_live():
    from courses.models import LIVE_NOMINATION

    return LIVE_NOMINATION


@login_required
@require_POST
def course_nominate(request, course_id: int):
    course = _course(request, course_id)
    if not _may_nominate(request.user):
        raise Http404
    participant = (
        _nominees(request.user).filter(pk=posted_id(request.POST.get("participant"))).first()
    )
    try:
        if participant is None:
            raise ValidationError(_("Choose an employee you may nominate."))
        nomination = services.nomination_create(
            actor=request.user,
            course=course,
            participant=participant,
            leader_change=request.POST.get("leader_change", ""),
        )
    except ValidationError as error:
        _errors(request, error)
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
        nomination = services.nomination_request(
            actor=request.user,
            course=course,
            participant_change=request.POST.get("participant_change", ""),
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect("courses:course", course_id=course.pk)
    except Course.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("Your leader is asked to approve."))
    return redirect("courses:nomination", nomination_id=nomination.pk)


@login_required
def nomination_detail(request, nomination_id: int):
    from courses.development.models import ActionNote, Baseline, CheckIn, SupportTask

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
        "baseline": Baseline.objects.filter(nomination_id=nomination.pk).first(),
        "checkins": CheckIn.objects.filter(nomination_id=nomination.pk).order_by(
            "day", "respondent"
        ),
        "notes": ActionNote.objects.filter(nomination_id=nomination.pk),
        "tasks": SupportTask.objects.filter(nomination_id=nomination.pk),
        "today": timezone.localdate(),
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
    if context["may_manage"]:
        context["owners"] = (
            User.objects.filter(
                municipality_id=user.municipality_id,
                is_active=True,
                memberships__role__in=[Role.LEADER, Role.HR, Role.COACH],
            )
            .distinct()
            .order_by("full_name")
        )
    if is_participant:
        context["feed"] = request.build_absolute_uri(
            reverse("courses:feed", args=[feed_token(user)])
        )
    return render(request, "courses/nomination_detail.html", context)


@login_required
@require_POST
def nomination_action(request, nomination_id: int, action: str):
    from courses.development import services as follow_up

    nomination = _nomination(request, nomination_id)
    post = request.POST
    try:
        if action == "accept":
            services.nomination_accept(
                actor=request.user,
                nomination=nomination,
                participant_change=post.get("participant_change", ""),
            )
            messages.success(request, _("You have accepted. The nomination counts in the demand."))
        elif action == "approve":
            services.nomination_leader_approve(
                actor=request.user,
                nomination=nomination,
                leader_change=post.get("leader_change", ""),
            )
            messages.success(request, _("Approved. The request counts in the demand."))
        elif action == "decline":
            services.nomination_decline(
                actor=request.user, nomination=nomination, reason=post.get("reason", "")
            )
            messages.success(request, _("Declined."))
        elif action == "cancel":
            services.nomination_cancel(
                actor=request.user, nomination=nomination, reason=post.get("reason", "")
            )
            messages.success(request, _("The participation is cancelled."))
        elif action == "note":
            follow_up.action_note_add(
                actor=request.user,
                nomination=nomination,
                tried=post.get("tried", ""),
                learned=post.get("learned", ""),
                next_step=post.get("next_step", ""),
            )
            messages.success(request, _("Your note is saved."))
        elif action == "task":
            owner = User.objects.filter(
                pk=posted_id(post.get("owner")), municipality_id=request.user.municipality_id
            ).first()
            due = posted_date(post.get("due_on"))
            follow_up.support_task_add(
                actor=request.user,
                nomination=nomination,
                owner=owner,
                title=post.get("title", ""),
                due_on=due,
            )
            messages.success(request, _("The task is given."))
        elif action == "submit":
            assignment = Assignment.objects.filter(
                pk=posted_id(post.get("assignment")), cohort_id=nomination.cohort_id
            ).first()
            if assignment is None or nomination.participant_id != request.user.pk:
                raise Http404
            services.submission_submit(
                actor=request.user, assignment=assignment, text=post.get("text", "")
            )
            messages.success(request, _("Your answer is submitted."))
        else:
            raise Http404
    except ValidationError as error:
        _errors(request, error)
    except (Nomination.DoesNotExist, Assignment.DoesNotExist):
        raise Http404 from None
    return redirect("courses:nomination", nomination_id=nomination.pk)


@login_required
def my_courses(request):
    """The user's own courses, what waits for their answer, and — for a
    leader or HR — the nominations they follow."""
    from courses.development.models import CheckIn, SupportTask

    nominations = list(selectors.nominations_visible_to(request.user).order_by("-created_at"))
    return render(
        request,
        "courses/my_courses.html",
        {
            "own": [n for n in nominations if n.participant_id == request.user.pk],
            "others": [n for n in nominations if n.participant_id != request.user.pk],
            "checkins": CheckIn.objects.filter(
                respondent_user_id=request.user.pk,
                answered_at=None,
                due_on__lte=timezone.localdate(),
            ),
            "tasks": SupportTask.objects.filter(owner_id=request.user.pk, done_at=None),
        },
    )


@login_required
def checkin(request, checkin_id: int):
    from courses.development.models import CheckIn, InUse
    from courses.development.services import checkin_answer

    found = (
        CheckIn.objects.filter(pk=checkin_id, respondent_user_id=request.user.pk).first()
        if 0 < checkin_id < 2**63
        else None
    )
    if found is None:
        raise Http404
    nomination = Nomination.objects.select_related("course", "participant").get(
        pk=found.nomination_id
    )
    if request.method == "POST":
        try:
            checkin_answer(
                actor=request.user,
                checkin=found,
                in_use=request.POST.get("in_use", ""),
                comment=request.POST.get("comment", ""),
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Thank you for your answer."))
            return redirect("courses:my")
    return render(
        request,
        "courses/checkin.html",
        {"checkin": found, "nomination": nomination, "choices": InUse.choices},
    )


@login_required
@require_POST
def task_done(request, task_id: int):
    from courses.development.models import SupportTask
    from courses.development.services import support_task_done

    task = SupportTask.objects.filter(pk=task_id).first() if 0 < task_id < 2**63 else None
    if task is None:
        raise Http404
    try:
        support_task_done(actor=request.user, task=task)
    except SupportTask.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("The task is marked done."))
    return redirect("courses:my")


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
    User.objects.filter(pk=request.user.pk).update(
        calendar_feed_version=F("calendar_feed_version") + 1
    )
    messages.success(
        request,
        _("Your calendar has a new address; the old one no longer works. Subscribe again."),
    )
    back = posted_id(request.POST.get("nomination"))
    if back:
        return redirect("courses:nomination", nomination_id=back)
    return redirect("courses:my")


@login_required
def results(request, fmt: str = "html"):
    """HR: per course, the municipality's follow-up results next to the other
    municipalities' (aggregates), and its cost."""
    from courses.development.services import results as follow_up_results
    from tenants.models import Municipality

    if not request.user.has_role(Role.HR):
        raise Http404
    municipality = request.user.municipality
    courses = list(
        Course.objects.filter(
            pk__in=Nomination.objects.filter(
                municipality=municipality,
                status__in=[NominationStatus.SEATED, NominationStatus.COMPLETED],
            ).values("course_id")
        ).order_by("title")
    )
    course_id = posted_id(request.GET.get("course")) or (courses[0].pk if courses else 0)
    course = next((c for c in courses if c.pk == course_id), None)
    rows, costs = [], []
    if course is not None:
        others = Municipality.objects.filter(
            pk__in=course.nominations.values("municipality_id")
        ).order_by("name")
        rows = follow_up_results(course.pk, others)
        for row in rows:
            row.ours = row.municipality.pk == municipality.pk
        costs = [c for c in cost_rows(course) if c["municipality"] == municipality.name]
        if fmt == "csv":
            return results_csv(course, rows)
    elif fmt == "csv":
        raise Http404
    return render(
        request,
        "courses/results.html",
        {"courses": courses, "course": course, "rows": rows, "costs": costs, **chart(rows)},
    )
