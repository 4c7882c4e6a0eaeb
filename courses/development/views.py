"""Pages of the implementation follow-up. On a municipality's site: answering
a check-in, marking a support task done, writing an action-learning note and
giving a support task (from a nomination's page), and HR's results and costs.
On the shared site: the provider's results per municipality. Results are
counts only; the answers stay in each municipality's schema."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from config.pages import say_refusal, step
from config.posted import posted_date, posted_id
from courses import selectors as course_selectors
from courses.development import selectors
from courses.development.models import CheckIn, InUse
from courses.development.services import (
    action_note_add,
    checkin_answer,
    support_task_add,
    support_task_mark_done,
)
from courses.models import Course, Nomination


def _nomination(request, nomination_id) -> Nomination:
    try:
        return course_selectors.nomination_for_viewer(
            user=request.user, nomination_id=nomination_id
        )
    except Nomination.DoesNotExist:
        raise Http404 from None


@login_required
def checkin(request, checkin_id: int):
    """The respondent's check-in: the question, or their answer once given."""
    try:
        found = selectors.checkin_for_respondent(user=request.user, checkin_id=checkin_id)
    except CheckIn.DoesNotExist:
        raise Http404 from None
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
            say_refusal(request, error)
        else:
            messages.success(request, _("Thank you for your answer."))
            return redirect("courses:my")
    return render(
        request,
        "development/checkin.html",
        {"checkin": found, "nomination": nomination, "choices": InUse.choices},
    )


@login_required
@require_POST
def support_task_done(request, task_id: int):
    return step(
        request,
        lambda: support_task_mark_done(
            actor=request.user,
            task=selectors.support_task_for_owner_or_giver(user=request.user, task_id=task_id),
        ),
        _("The task is marked done."),
        "courses:my",
    )


@login_required
@require_POST
def note_add(request, nomination_id: int):
    """The participant writes an action-learning note on their course."""
    nomination = _nomination(request, nomination_id)
    return step(
        request,
        lambda: action_note_add(
            actor=request.user,
            nomination=nomination,
            tried=request.POST.get("tried", ""),
            learned=request.POST.get("learned", ""),
            next_step=request.POST.get("next_step", ""),
        ),
        _("Your note is saved."),
        "courses:nomination",
        nomination_id=nomination.pk,
    )


@login_required
@require_POST
def task_add(request, nomination_id: int):
    """HR or the participant's leader gives a support task."""
    nomination = _nomination(request, nomination_id)
    return step(
        request,
        lambda: support_task_add(
            actor=request.user,
            nomination=nomination,
            owner_id=posted_id(request.POST.get("owner")),
            title=request.POST.get("title", ""),
            due_on=posted_date(request.POST.get("due_on")),
        ),
        _("The task is given."),
        "courses:nomination",
        nomination_id=nomination.pk,
    )


# --- Results -----------------------------------------------------------------


def _municipality_results(request) -> dict:
    """HR's view of one course (chosen with ?course=, else the first): the
    municipality's results next to the others' and its cost."""
    if not request.user.has_role(Role.HR):
        raise Http404
    municipality = request.user.municipality
    courses = list(course_selectors.courses_with_seats_of(municipality))
    course_id = posted_id(request.GET.get("course")) or (courses[0].pk if courses else 0)
    course = next((c for c in courses if c.pk == course_id), None)
    rows, costs = [], []
    if course is not None:
        rows = selectors.results_per_municipality(
            course.pk, course_selectors.municipalities_nominating(course)
        )
        for row in rows:
            row.ours = row.municipality.pk == municipality.pk
        costs = [
            c
            for c in course_selectors.costs_by_municipality(course)
            if c["municipality"] == municipality.name
        ]
    return {"courses": courses, "course": course, "rows": rows, "costs": costs}


@login_required
def results(request):
    """HR: per course, the municipality's follow-up results next to the other
    municipalities' (aggregates), and its cost."""
    context = _municipality_results(request)
    return render(request, "development/results.html", {**context, **chart(context["rows"])})


@login_required
def results_csv(request):
    """The results page's table as CSV."""
    context = _municipality_results(request)
    if context["course"] is None:
        raise Http404
    return _csv(context["course"], context["rows"])


def _course_for_provider(request, course_id) -> Course:
    try:
        return course_selectors.course_for_provider(user=request.user, course_id=course_id)
    except Course.DoesNotExist:
        raise Http404 from None


def _provider_rows(course) -> list[selectors.Result]:
    return selectors.results_per_municipality(
        course.pk, course_selectors.municipalities_nominating(course)
    )


@login_required
def provider_results(request, course_id: int):
    """The provider: results per municipality (are the methods in use?) and
    seats × price. Aggregates only."""
    course = _course_for_provider(request, course_id)
    rows = _provider_rows(course)
    return render(
        request,
        "development/provider/results.html",
        {
            "course": course,
            "rows": rows,
            "seats": course_selectors.demand_by_municipality(course),
            "costs": course_selectors.costs_by_municipality(course),
            **chart(rows),
        },
    )


@login_required
def provider_results_csv(request, course_id: int):
    course = _course_for_provider(request, course_id)
    return _csv(course, _provider_rows(course))


def chart(rows) -> dict:
    """Stacked horizontal bars (yes / partly / not yet) per municipality, as
    numbers for the SVG template: 400 px stand for all of a row's answers."""
    bars = []
    for row in rows:
        if row.too_few and not getattr(row, "ours", False):
            continue  # too few answers to show without exposing someone's
        total = row.answered or 1
        yes, partly, no = (round(400 * n / total) for n in (row.yes, row.partly, row.no))
        bars.append(
            {
                "y": 28 * len(bars),
                "label": row.municipality.name,
                "ours": getattr(row, "ours", False),
                "yes": yes,
                "partly": partly,
                "no": no,
                "x_partly": 170 + yes,
                "x_no": 170 + yes + partly,
                "x_end": 170 + yes + partly + no + 8,
                "n_yes": row.yes,
                "n_partly": row.partly,
                "n_no": row.no,
                "share": row.share_in_use,
            }
        )
    return {"bars": bars, "height": max(28, 28 * len(bars))}


def _csv(course, rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="resultater-kursus-{course.pk}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Municipality"),
            _("Answers"),
            _("Yes, in daily use"),
            _("Partly"),
            _("Not yet"),
            _("Share in use (%)"),
        ]
    )
    for row in rows:
        if row.too_few and not getattr(row, "ours", False):
            writer.writerow([row.municipality.name, "", "", "", "", ""])
            continue
        writer.writerow(
            [row.municipality.name, row.answered, row.yes, row.partly, row.no, row.share_in_use]
        )
    return response
