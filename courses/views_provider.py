"""Pages of joint courses for a provider's staff, on the shared site: its
courses with the pooled demand per municipality, modules and publishing;
cohorts with their dates, attendance, assignments and feedback. (Results per
municipality: courses.development.views.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.forms import form_errors_from, form_refusal
from config.pages import step
from config.posted import posted_date, posted_id
from courses import selectors
from courses.documents import modules_ics
from courses.forms import AssignmentForm, CourseForm, ModuleForm
from courses.hooks import page_parts
from courses.models import Attendance, Cohort, Course, CourseModule, Submission
from courses.services import attendance as attendance_services
from courses.services import cohorts as cohort_services
from courses.services import courses as course_services


def _course(request, course_id) -> Course:
    try:
        return selectors.course_for_provider(user=request.user, course_id=course_id)
    except Course.DoesNotExist:
        raise Http404 from None


def _cohort(request, cohort_id) -> Cohort:
    try:
        return selectors.cohort_for_provider(user=request.user, cohort_id=cohort_id)
    except Cohort.DoesNotExist:
        raise Http404 from None


@login_required
def course_list(request):
    if not request.user.provider_id:
        raise Http404
    courses = list(
        selectors.with_meter(selectors.provider_courses(request.user)).order_by("status", "title")
    )
    for course in courses:
        course.meter = selectors.meter(course)
    return render(request, "courses/provider/course_list.html", {"courses": courses})


def _course_data(form) -> course_services.CourseData:
    data = form.cleaned_data
    return course_services.CourseData(
        title=data["title"],
        description=data["description"],
        target_group=data["target_group"],
        price_per_participant=data["price_per_participant"],
        cancellation_rule=data["cancellation_rule"],
        min_participants=data["min_participants"],
        max_participants=data["max_participants"],
        seat_release_days=data["seat_release_days"],
        competence_tags=list(data["competence_tags"]),
        offered_to_networks=list(data["offered_to_networks"]),
        offered_to_municipalities=list(data["offered_to_municipalities"]),
    )


@login_required
def course_edit(request, course_id: int | None = None):
    if not request.user.provider_id:
        raise Http404
    course = _course(request, course_id) if course_id else None
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        try:
            saved = course_services.course_save(
                actor=request.user, data=_course_data(form), course=course
            )
        except ValidationError as error:
            form_errors_from(form, error)
        except Course.DoesNotExist:
            raise Http404 from None
        else:
            messages.success(request, _("The course is saved."))
            return redirect("provider:course", course_id=saved.pk)
    return render(request, "courses/provider/course_form.html", {"form": form, "course": course})


@login_required
def course_detail(request, course_id: int):
    course = _course(request, course_id)
    return render(
        request,
        "courses/provider/course_detail.html",
        {
            "course": course,
            "meter": selectors.meter(course),
            "demand": selectors.demand_by_municipality(course),
            "cohorts": course.cohorts.order_by("number"),
            "module_form": ModuleForm(),
            "links": page_parts("provider_course_links", request, course),
        },
    )


# --- One view per change to a course (each redirects back to its page) --------


@login_required
@require_POST
def course_publish(request, course_id: int):
    course = _course(request, course_id)
    return step(
        request,
        lambda: course_services.course_publish(actor=request.user, course=course),
        _("The course is open for nominations."),
        "provider:course",
        course_id=course.pk,
    )


@login_required
@require_POST
def course_close(request, course_id: int):
    course = _course(request, course_id)
    return step(
        request,
        lambda: course_services.course_close(actor=request.user, course=course),
        _("The course is closed for nominations."),
        "provider:course",
        course_id=course.pk,
    )


@login_required
@require_POST
def module_add(request, course_id: int):
    course = _course(request, course_id)
    form = ModuleForm(request.POST)

    def add():
        if not form.is_valid():
            raise form_refusal(form)
        course_services.module_add(actor=request.user, course=course, **form.cleaned_data)

    return step(
        request,
        add,
        _("The module is added."),
        "provider:course",
        course_id=course.pk,
    )


@login_required
@require_POST
def module_remove(request, course_id: int):
    course = _course(request, course_id)
    module = CourseModule.objects.filter(
        course=course, pk=posted_id(request.POST.get("module"))
    ).first()
    if module is None:
        raise Http404
    return step(
        request,
        lambda: course_services.module_remove(actor=request.user, module=module),
        _("The module is removed."),
        "provider:course",
        course_id=course.pk,
    )


@login_required
def cohort_detail(request, cohort_id: int):
    cohort = _cohort(request, cohort_id)
    modules = list(cohort.modules.select_related("module").order_by("module__position"))
    people = list(selectors.participants(cohort))
    marks = {
        (a.nomination_id, a.cohort_module_id): a.present
        for a in Attendance.objects.filter(cohort_module__cohort=cohort)
    }
    for person in people:
        person.marks = [marks.get((person.pk, m.pk)) for m in modules]
    today = timezone.localdate()
    sheets = [
        {"module": m, "rows": [(p, bool(marks.get((p.pk, m.pk)))) for p in people]}
        for m in modules
        if m.starts_on and m.starts_on <= today
    ]
    assignments = list(
        cohort.assignments.select_related("after_module__module").prefetch_related(
            "submissions__nomination__participant"
        )
    )
    return render(
        request,
        "courses/provider/cohort_detail.html",
        {
            "cohort": cohort,
            "modules": modules,
            "people": people,
            "sheets": sheets,
            "assignments": assignments,
            "assignment_form": AssignmentForm(modules=modules),
            "quotas": cohort.quotas.select_related("municipality").order_by("municipality__name"),
        },
    )


# --- One view per change to a cohort (each redirects back to its page) --------


@login_required
@require_POST
def cohort_dates(request, cohort_id: int):
    """Set or change the module dates; the first time confirms the cohort."""
    cohort = _cohort(request, cohort_id)
    dates = [
        cohort_services.ModuleDates(
            cohort_module_id=m.pk,
            starts_on=posted_date(request.POST.get(f"start_{m.pk}")),
            ends_on=posted_date(request.POST.get(f"end_{m.pk}")),
            location=request.POST.get(f"location_{m.pk}", ""),
        )
        for m in cohort.modules.all()
    ]
    return step(
        request,
        lambda: cohort_services.cohort_set_dates(actor=request.user, cohort=cohort, dates=dates),
        _("The dates are saved and everyone is told."),
        "provider:cohort",
        cohort_id=cohort.pk,
    )


@login_required
@require_POST
def cohort_attendance(request, cohort_id: int):
    """Attendance at one module: the participants ticked were present."""
    cohort = _cohort(request, cohort_id)
    module = cohort.modules.filter(pk=posted_id(request.POST.get("module"))).first()
    if module is None:
        raise Http404
    present = set(request.POST.getlist("present"))

    def record():
        for person in selectors.participants(cohort):
            attendance_services.attendance_record(
                actor=request.user,
                cohort_module=module,
                nomination_id=person.pk,
                present=str(person.pk) in present,
            )

    return step(request, record, _("Attendance is saved."), "provider:cohort", cohort_id=cohort.pk)


@login_required
@require_POST
def assignment_create(request, cohort_id: int):
    cohort = _cohort(request, cohort_id)
    modules = list(cohort.modules.select_related("module"))
    form = AssignmentForm(request.POST, modules=modules)

    def create():
        if not form.is_valid():
            raise form_refusal(form)
        data = form.cleaned_data
        attendance_services.assignment_create(
            actor=request.user,
            cohort=cohort,
            after_module=next(m for m in modules if m.pk == data["after_module"]),
            title=data["title"],
            instructions=data["instructions"],
            due_on=data["due_on"],
        )

    return step(
        request,
        create,
        _("The assignment is set and the participants told."),
        "provider:cohort",
        cohort_id=cohort.pk,
    )


@login_required
@require_POST
def submission_review(request, cohort_id: int):
    cohort = _cohort(request, cohort_id)
    submission = Submission.objects.filter(
        pk=posted_id(request.POST.get("submission")), assignment__cohort=cohort
    ).first()
    if submission is None:
        raise Http404
    return step(
        request,
        lambda: attendance_services.submission_review(
            actor=request.user, submission=submission, review=request.POST.get("review", "")
        ),
        _("Your feedback is sent."),
        "provider:cohort",
        cohort_id=cohort.pk,
    )


@login_required
@require_POST
def cohort_cancel(request, cohort_id: int):
    cohort = _cohort(request, cohort_id)
    return step(
        request,
        lambda: cohort_services.cohort_cancel(
            actor=request.user, cohort=cohort, reason=request.POST.get("reason", "")
        ),
        _("The cohort is cancelled and everyone is told."),
        "provider:cohort",
        cohort_id=cohort.pk,
    )


@login_required
def cohort_calendar(request, cohort_id: int):
    cohort = _cohort(request, cohort_id)
    body = modules_ics(
        cohort.modules.select_related("module", "cohort__course"), request.get_host(), str(cohort)
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hold-{cohort.pk}.ics"'
    return response
