"""The municipality's employees for HR: the list (search, filters, pages),
adding one, changing one (a move when the workplace or leader changes),
deactivating one who leaves (after a confirmation that says what is
withdrawn) and reactivating; and registering the job of an account that
has no record yet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import hooks as account_hooks
from accounts.models import User
from config.forms import form_errors_from
from tenants.organisation import selectors, services
from tenants.organisation.forms import DeactivateForm, EmployeeFilterForm, EmployeeForm
from tenants.organisation.models import EmployeeProfile
from tenants.organisation.views.common import hr_only

PAGE_SIZE = 50


def _employee_for_hr(request, profile_id: int) -> EmployeeProfile:
    try:
        return selectors.employee_for_hr(viewer=request.user, profile_id=profile_id)
    except EmployeeProfile.DoesNotExist:
        raise Http404 from None


def _job(form) -> services.JobData:
    data = form.cleaned_data
    return services.JobData(
        job_title=data["job_title"],
        profession=data["profession"],
        workplace=data["workplace"],
        leader=data["leader"],
        external_id=data["external_id"],
    )


@login_required
def employee_list(request):
    """Every employee record, searched by name, e-mail or job title and
    filtered by unit, role and active/left; a page at a time."""
    hr_only(request)
    form = EmployeeFilterForm(request.GET or None)
    staff = selectors.employee_search(**form.values())
    page = Paginator(staff, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    without = selectors.accounts_without_record(connection.tenant).order_by("full_name", "pk")
    return render(
        request,
        "organisation/employee_list.html",
        {
            "form": form,
            "page": page,
            "querystring": params.urlencode(),
            "without_record": without[:20],
            "without_record_count": without.count(),
        },
    )


@login_required
def employee_new(request):
    """Add an employee: their account (invited by mail unless switched off)
    and their record here."""
    hr_only(request)
    form = EmployeeForm(request.POST or None, initial={"roles": ["employee"]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            profile = services.employee_create(
                actor=request.user,
                email=data["email"],
                full_name=data["full_name"],
                roles=data["roles"],
                job=_job(form),
                invite=data["invite"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            done = (
                _("%(name)s is added and invited by e-mail.")
                if data["invite"]
                else _("%(name)s is added (no invitation sent).")
            )
            messages.success(request, done % {"name": data["full_name"].strip()})
            return redirect("organisation:employee", profile_id=profile.pk)
    return render(request, "organisation/employee_form.html", {"form": form, "profile": None})


@login_required
def employee_edit(request, profile_id: int):
    """Change an employee's account and job; a new workplace or leader is a
    move."""
    profile = _employee_for_hr(request, profile_id)
    user = profile.user
    form = EmployeeForm(
        request.POST or None,
        profile=profile,
        initial={
            "email": user.email,
            "full_name": user.full_name,
            "roles": sorted(user.roles),
            "job_title": profile.job_title,
            "profession": profile.profession_id,
            "workplace": profile.workplace_id,
            "leader": profile.leader_id,
            "external_id": profile.external_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        moved = (getattr(data["workplace"], "pk", None), getattr(data["leader"], "pk", None)) != (
            profile.workplace_id,
            profile.leader_id,
        )
        try:
            services.employee_update(
                actor=request.user,
                profile=profile,
                email=data["email"],
                full_name=data["full_name"],
                roles=data["roles"],
                job=_job(form),
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is moved.") % {"name": data["full_name"].strip()}
                if moved
                else _("The changes are saved."),
            )
            return redirect("organisation:employee", profile_id=profile.pk)
    return render(
        request,
        "organisation/employee_form.html",
        {
            "form": form,
            "profile": profile,
            "reports": selectors.reports_of(profile),
            "units_led": list(profile.units_led.order_by("name")),
        },
    )


@login_required
def employee_deactivate(request, profile_id: int):
    """An employee leaves: the page says what will be withdrawn and what
    stays; deactivating needs a reason, which the others are told."""
    profile = _employee_for_hr(request, profile_id)
    form = DeactivateForm(request.POST or None)
    if request.method == "POST" and profile.user_id == request.user.pk:
        # HR would lock themselves out halfway through; another HR does it.
        form.is_valid()
        form.add_error(None, _("You cannot deactivate yourself. Ask another HR colleague."))
    elif request.method == "POST" and profile.user.is_active and form.is_valid():
        try:
            services.employee_deactivate(
                actor=request.user, profile=profile, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request, _("%(name)s is deactivated.") % {"name": profile.user.full_name}
            )
            return redirect("organisation:employee", profile_id=profile.pk)
    return render(
        request,
        "organisation/employee_deactivate.html",
        {
            "form": form,
            "profile": profile,
            "withdrawn": account_hooks.what_leaving_withdraws(profile.user)
            if profile.user.is_active
            else [],
            "reports": selectors.reports_of(profile),
            "units_led": list(profile.units_led.filter(closed_at__isnull=True).order_by("name")),
        },
    )


@login_required
@require_POST
def employee_reactivate(request, profile_id: int):
    """A former employee comes back (what was withdrawn stays withdrawn)."""
    profile = _employee_for_hr(request, profile_id)
    services.employee_reactivate(actor=request.user, profile=profile)
    messages.success(
        request,
        _("%(name)s can sign in again. What was withdrawn stays withdrawn.")
        % {"name": profile.user.full_name},
    )
    return redirect("organisation:employee", profile_id=profile.pk)


@login_required
def account_record(request, user_id: int):
    """Register the job of an account of this municipality that has no
    record yet."""
    try:
        user = selectors.account_without_record_for_hr(
            viewer=request.user, municipality=connection.tenant, user_id=user_id
        )
    except User.DoesNotExist:
        raise Http404 from None
    form = EmployeeForm(request.POST or None, account_fields=False)
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.employee_record_create(actor=request.user, user=user, job=_job(form))
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request, _("The job of %(name)s is registered.") % {"name": user.full_name}
            )
            return redirect("organisation:employee", profile_id=profile.pk)
    return render(request, "organisation/account_record.html", {"form": form, "account": user})
