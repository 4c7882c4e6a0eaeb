from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import DateInput
from exchange.models import SwapFormat, SwapKind, Visibility
from exchange.selectors.search import DISTANCES_KM
from tenants.models import Municipality, Network
from vocabulary.models import CompetenceTag, Profession


class PeriodFormatVisibilityForm(forms.Form):
    """The fields openings and swap requests share: format, period and who
    may see it (networks limited to the municipality's own)."""

    format = forms.ChoiceField(label=_("Format"), choices=SwapFormat.choices)
    days_per_week = forms.IntegerField(
        label=_("Days per week (part-time only)"), min_value=1, max_value=5, required=False
    )
    period_start = forms.DateField(label=_("From"), widget=DateInput)
    period_end = forms.DateField(label=_("To"), widget=DateInput)
    duration_weeks = forms.IntegerField(
        label=_("Duration in weeks, if the dates are a window"),
        min_value=1,
        max_value=104,
        required=False,
    )
    visibility = forms.ChoiceField(label=_("Visible to"), choices=Visibility.choices)
    network = forms.ModelChoiceField(
        label=_("Network (if visible to a network)"),
        queryset=Network.objects.none(),
        required=False,
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = Network.objects.filter(
            memberships__municipality=municipality
        )


class OpeningForm(PeriodFormatVisibilityForm):
    """What HR or a leader fills in; the service validates the rules."""

    field_order = [
        "workplace_unit_id",
        "title",
        "description",
        "kind",
        "format",
        "days_per_week",
        "period_start",
        "period_end",
        "duration_weeks",
        "professions",
        "learning_tags",
        "requirements",
        "excluded_tasks",
        "capacity",
        "contact_name",
        "contact_email",
        "visibility",
        "network",
        "expires_on",
    ]

    workplace_unit_id = forms.TypedChoiceField(label=_("Workplace"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(
        label=_("What the swapper will do and learn"), widget=forms.Textarea(attrs={"rows": 5})
    )
    kind = forms.ChoiceField(label=_("Kind of swap"), choices=SwapKind.choices)
    professions = forms.ModelMultipleChoiceField(
        label=_("Professions sought"),
        queryset=Profession.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    learning_tags = forms.ModelMultipleChoiceField(
        label=_("What a swapper can learn here"),
        queryset=CompetenceTag.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    requirements = forms.CharField(
        label=_("Requirements"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    excluded_tasks = forms.CharField(
        label=_("Tasks a swapper must not do (e.g. exercise of public authority)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=50, initial=1)
    contact_name = forms.CharField(label=_("Contact person"), max_length=150)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    expires_on = forms.DateField(label=_("Open for applications until"), widget=DateInput)

    def __init__(self, *args, workplaces, municipality, **kwargs):
        super().__init__(*args, municipality=municipality, **kwargs)
        self.fields["workplace_unit_id"].choices = [(w.pk, w.name) for w in workplaces]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the opening withdrawn?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RenewForm(forms.Form):
    expires_on = forms.DateField(label=_("New closing date"), widget=DateInput)


class ApplicationForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why do you apply?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    goal_self = forms.CharField(
        label=_("What do you want to learn? (for you)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    goal_workplaces = forms.CharField(
        label=_("What can the two workplaces gain?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    goal_organisation = forms.CharField(
        label=_("What can the organisation gain?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AgreementForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=DateInput)
    period_end = forms.DateField(label=_("To"), widget=DateInput)
    working_hours = forms.CharField(label=_("Working hours"), max_length=200)
    pay = forms.CharField(label=_("Pay"), max_length=300)
    holidays = forms.CharField(
        label=_("Holidays"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    excluded_tasks = forms.CharField(
        label=_("Tasks the swapper must not do"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    contacts = forms.CharField(
        label=_("Contacts"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    right_to_return = forms.CharField(
        label=_("Right to return"), widget=forms.Textarea(attrs={"rows": 2})
    )
    substitute_needed = forms.BooleanField(
        label=_("A substitute is needed at home"), required=False
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class SwapRequestForm(PeriodFormatVisibilityForm):
    field_order = [
        "profession",
        "workplace_type",
        "wished_professions",
        "wished_municipalities",
        "max_distance_km",
        "format",
        "days_per_week",
        "period_start",
        "period_end",
        "duration_weeks",
        "learning_tags",
        "offered_tags",
        "goal_self",
        "goal_workplaces",
        "goal_organisation",
        "visibility",
        "network",
    ]

    profession = forms.ModelChoiceField(label=_("My profession"), queryset=Profession.objects.all())
    workplace_type = forms.CharField(
        label=_("My kind of workplace (shown to others)"),
        max_length=120,
        help_text=_(
            "E.g. jobcentre, home care, day care. Your name and workplace stay hidden until you both are interested."  # noqa: E501
        ),
    )
    wished_professions = forms.ModelMultipleChoiceField(
        label=_("Professions I would swap with"),
        queryset=Profession.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    wished_municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities I wish for (none: any)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    max_distance_km = forms.IntegerField(
        label=_("At most this far away (km)"), min_value=1, max_value=500, required=False
    )
    learning_tags = forms.ModelMultipleChoiceField(
        label=_("Competences I want to learn"),
        queryset=CompetenceTag.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Matching prefers posts that offer them."),
    )
    offered_tags = forms.ModelMultipleChoiceField(
        label=_("Competences a colleague can learn in my post"),
        queryset=CompetenceTag.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    goal_self = forms.CharField(
        label=_("What do you want to learn? (for you)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    goal_workplaces = forms.CharField(
        label=_("What can the two workplaces gain?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    goal_organisation = forms.CharField(
        label=_("What can the organisation gain?"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, municipality=municipality, **kwargs)

        self.fields["wished_municipalities"].queryset = Municipality.objects.order_by("name")


class OpeningSearchForm(forms.Form):
    """The browse page's search fields, shown with what was asked for. What
    the query means is read by exchange.selectors.query_from_params, the same
    for the page, the API and saved searches."""

    text = forms.CharField(label=_("Search"), required=False, max_length=200)
    max_distance_km = forms.TypedChoiceField(
        label=_("Distance from your municipality"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any distance"))] + [(d, f"{d} km") for d in DISTANCES_KM],
    )
    window_start = forms.DateField(label=_("Available from"), required=False, widget=DateInput)
    window_end = forms.DateField(label=_("Available until"), required=False, widget=DateInput)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("relevance", _("Best match")),
            ("newest", _("Newest")),
            ("start", _("Earliest start")),
            ("distance", _("Nearest")),
            ("closing", _("Closing soon")),
        ],
    )
