"""The organisation tree and its units: HR sees the tree with headcounts,
adds a unit, changes it, names its leader and closes it; a unit's staff list
is for HR and for the workplace's own leader."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from audit.models import AuditEvent
from config.forms import form_errors_from
from config.posted import posted_id
from tenants.organisation import selectors, services
from tenants.organisation.changes import in_words
from tenants.organisation.forms import UnitForm, UnitLeaderForm
from tenants.organisation.models import PARENT_KIND, Unit, UnitKind
from tenants.organisation.views.common import hr_only


def _unit_for_hr(request, unit_id: int) -> Unit:
    try:
        return selectors.unit_for_hr(viewer=request.user, unit_id=unit_id)
    except Unit.DoesNotExist:
        raise Http404 from None


@login_required
def overview(request):
    """The tree of administrations, departments and workplaces, each with its
    headcount and leader, and the latest changes."""
    hr_only(request)
    return render(
        request,
        "organisation/overview.html",
        {
            "tree": selectors.organisation_tree(),
            "employee_count": selectors.employee_count(),
            "changes": in_words(AuditEvent.objects.all()[:5]),
        },
    )


@login_required
def unit_detail(request, unit_id: int):
    """Staff list of one unit, for HR (with its facts and HR's actions) and
    for the workplace's own leader."""
    try:
        unit = selectors.unit_for_viewer(viewer=request.user, unit_id=unit_id)
    except Unit.DoesNotExist:
        raise Http404 from None
    hr = request.user.has_role(Role.HR)
    return render(
        request,
        "organisation/unit_detail.html",
        {
            "unit": unit,
            "staff": selectors.staff_of(unit),
            "hr": hr,
            "child_kind": _child_kind(unit),
            "facts": selectors.unit_facts(unit) if hr else None,
        },
    )


def _child_kind(unit: Unit) -> str | None:
    for kind, parent in PARENT_KIND.items():
        if parent == unit.kind:
            return kind
    return None


def _place(form) -> dict:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "parent": data["parent"],
        "address": data["address"],
        "latitude": data["latitude"],
        "longitude": data["longitude"],
    }


@login_required
def unit_new(request):
    """A new administration, department or workplace. ``?parent=<id>``
    starts one under that unit."""
    hr_only(request)
    initial = {}
    parent = selectors.open_units(UnitKind.ADMINISTRATION, UnitKind.DEPARTMENT).filter(
        pk=posted_id(request.GET.get("parent"))
    )
    if parent := parent.first():
        initial = {"parent": parent.pk, "kind": _child_kind(parent)}
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(
                actor=request.user, kind=form.cleaned_data["kind"], **_place(form)
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("%(name)s is added.") % {"name": unit.name})
            return redirect("organisation:unit", unit_id=unit.pk)
    return render(request, "organisation/unit_form.html", {"form": form, "unit": None})


@login_required
def unit_edit(request, unit_id: int):
    """Rename a unit, move it under another unit of the right kind, or change
    its address and place."""
    unit = _unit_for_hr(request, unit_id)
    form = UnitForm(
        request.POST or None,
        unit=unit,
        initial={
            "name": unit.name,
            "parent": unit.parent_id,
            "address": unit.address,
            "latitude": unit.latitude,
            "longitude": unit.longitude,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(actor=request.user, unit=unit, **_place(form))
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The unit is saved."))
            return redirect("organisation:unit", unit_id=unit.pk)
    return render(request, "organisation/unit_form.html", {"form": form, "unit": unit})


@login_required
def unit_leader(request, unit_id: int):
    """Name who leads the unit (or no one)."""
    unit = _unit_for_hr(request, unit_id)
    form = UnitLeaderForm(request.POST or None, initial={"leader": unit.leader_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_leader_set(
                actor=request.user, unit=unit, leader=form.cleaned_data["leader"]
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The leader is saved."))
            return redirect("organisation:unit", unit_id=unit.pk)
    return render(request, "organisation/unit_leader.html", {"form": form, "unit": unit})


@login_required
def unit_close(request, unit_id: int):
    """Close a unit that is no longer used, after a confirmation that says
    what closing means; refused, with the reason, while people work there or
    open units are under it."""
    unit = _unit_for_hr(request, unit_id)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.unit_close(actor=request.user, unit=unit)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("%(name)s is closed.") % {"name": unit.name})
            return redirect("organisation:unit", unit_id=unit.pk)
    return render(
        request,
        "organisation/unit_close.html",
        {"unit": unit, "facts": selectors.unit_facts(unit), "errors": errors},
    )
