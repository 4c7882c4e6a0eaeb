"""HR's forms for the organisation and its staff. They read what was typed;
the services (tenants.organisation.services) decide what is allowed, and
their errors are put next to the fields (config.forms.form_errors_from)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import MUNICIPAL_ROLES, Role
from tenants.organisation import selectors
from tenants.organisation.models import PARENT_KIND, EmployeeProfile, Unit, UnitKind
from tenants.organisation.selectors import EmployeeStatus
from vocabulary.models import Profession


class UnitChoiceField(forms.ModelChoiceField):
    """A unit, named with its kind and (for a department or workplace) the
    unit it is part of: two departments may share a name."""

    def label_from_instance(self, unit: Unit) -> str:
        label = f"{unit.name} ({unit.get_kind_display()})"
        return f"{label} – {unit.parent.name}" if unit.parent_id else label


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, profile) -> str:
        details = ", ".join(
            filter(None, [profile.job_title, getattr(profile.workplace, "name", "")])
        )
        return f"{profile.user.full_name} ({details})" if details else profile.user.full_name


def _place_fields():
    return (
        forms.DecimalField(
            label=_("Latitude"),
            help_text=_("WGS 84 degrees, e.g. 55.7093"),
            max_digits=9,
            decimal_places=6,
            min_value=-90,
            max_value=90,
            required=False,
            localize=True,
        ),
        forms.DecimalField(
            label=_("Longitude"),
            help_text=_("WGS 84 degrees, e.g. 9.5357"),
            max_digits=9,
            decimal_places=6,
            min_value=-180,
            max_value=180,
            required=False,
            localize=True,
        ),
    )


class UnitForm(forms.Form):
    """A new unit (with its kind) or a changed one (its kind stays)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    name = forms.CharField(label=_("Name"), max_length=160)
    parent = UnitChoiceField(
        label=_("Part of"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— none (an administration) —"),
        help_text=_("A department is part of an administration, a workplace of a department."),
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    latitude, longitude = _place_fields()

    def __init__(self, *args, unit: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is None:
            parents = selectors.open_units(UnitKind.ADMINISTRATION, UnitKind.DEPARTMENT)
        else:
            del self.fields["kind"]
            expected = PARENT_KIND[UnitKind(unit.kind)]
            parents = selectors.open_units(expected) if expected else Unit.objects.none()
            if expected is None:
                self.fields["parent"].help_text = _("An administration is part of no other unit.")
        self.fields["parent"].queryset = parents


class UnitLeaderForm(forms.Form):
    leader = LeaderChoiceField(
        label=_("Leader"),
        queryset=EmployeeProfile.objects.none(),
        required=False,
        empty_label=_("— no leader —"),
        help_text=_(
            "An active employee with the leader role. At a workplace, the leader approves "
            "swaps into it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = selectors.leaders()


class EmployeeForm(forms.Form):
    """An employee's account (e-mail, name, roles) and job."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=[(r.value, r.label) for r in Role if r.value in MUNICIPAL_ROLES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    job_title = forms.CharField(label=_("Job title"), max_length=160, required=False)
    profession = forms.ModelChoiceField(
        label=_("Profession"), queryset=Profession.objects.all(), required=False
    )
    workplace = UnitChoiceField(
        label=_("Workplace"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("With a profession, the employee can publish swap requests."),
    )
    leader = LeaderChoiceField(
        label=_("Leader"),
        queryset=EmployeeProfile.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    external_id = forms.CharField(
        label=_("External id"),
        max_length=200,
        required=False,
        help_text=_("The employee's id in the municipality's own systems (e.g. payroll number)."),
    )
    invite = forms.BooleanField(
        label=_("Send an invitation by e-mail to choose a password"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, profile=None, account_fields: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        workplaces = selectors.open_units(UnitKind.WORKPLACE)
        leaders = selectors.leaders()
        if profile is not None:
            # A closed workplace or a leader who left stays choosable for the
            # one who already has it, so saving other changes keeps it.
            workplaces = workplaces | Unit.objects.filter(pk=profile.workplace_id)
            leaders = (leaders | EmployeeProfile.objects.filter(pk=profile.leader_id)).exclude(
                pk=profile.pk
            )
            del self.fields["invite"]
        self.fields["workplace"].queryset = workplaces.distinct()
        self.fields["leader"].queryset = leaders.distinct()
        if not account_fields:
            for name in ("email", "full_name", "roles", "invite"):
                self.fields.pop(name, None)


class DeactivateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Sent with what is withdrawn to the others concerned (leaders, HR, course "
            "providers, colleagues who wanted to swap). Write it so they may read it."
        ),
    )


class EmployeeFilterForm(forms.Form):
    """The employee list's search and filters (GET); a bad value is dropped."""

    text = forms.CharField(label=_("Search"), max_length=200, required=False)
    unit = UnitChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All units")
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("All roles"))]
        + [(r.value, r.label) for r in Role if r.value in MUNICIPAL_ROLES],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("Active and left")),
            (EmployeeStatus.ACTIVE, _("Active")),
            (EmployeeStatus.LEFT, _("Has left")),
        ],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.select_related("parent").order_by("name", "pk")

    def values(self) -> dict:
        """The valid filters (an invalid one counts as not given)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "text": cleaned.get("text") or "",
            "unit": cleaned.get("unit"),
            "role": cleaned.get("role") or "",
            "status": cleaned.get("status") or "",
        }
