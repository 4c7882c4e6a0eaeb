from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Course
from tenants.models import Municipality, Network
from vocabulary.models import CompetenceTag


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "title",
            "description",
            "target_group",
            "competence_tags",
            "price_per_participant",
            "cancellation_rule",
            "min_participants",
            "max_participants",
            "seat_release_days",
            "offered_to_networks",
            "offered_to_municipalities",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "target_group": forms.Textarea(attrs={"rows": 2}),
            "cancellation_rule": forms.Textarea(attrs={"rows": 2}),
            "competence_tags": forms.CheckboxSelectMultiple,
            "offered_to_networks": forms.CheckboxSelectMultiple,
            "offered_to_municipalities": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "offered_to_municipalities": _(
                "Neither networks nor municipalities chosen: offered to every municipality."
            ),
            "cancellation_rule": _("E.g. free cancellation until 30 days before the first module."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence_tags"].queryset = CompetenceTag.objects.order_by("name_da")
        self.fields["competence_tags"].required = False
        self.fields["offered_to_networks"].queryset = Network.objects.order_by("name")
        self.fields["offered_to_networks"].required = False
        self.fields["offered_to_municipalities"].queryset = Municipality.objects.order_by("name")
        self.fields["offered_to_municipalities"].required = False

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_participants"), cleaned.get("max_participants")
        if low is not None and high is not None and low > high:
            self.add_error("min_participants", _("The minimum cannot be above the maximum."))
        return cleaned


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Module title"), max_length=200)
    days = forms.IntegerField(label=_("Days (1–3)"), min_value=1, max_value=3)
    location = forms.CharField(label=_("Location"), max_length=200)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AssignmentForm(forms.Form):
    after_module = forms.TypedChoiceField(label=_("After module"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    instructions = forms.CharField(
        label=_("What to do in your own practice"), widget=forms.Textarea(attrs={"rows": 3})
    )
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, modules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["after_module"].choices = [
            (m.pk, f"{m.module.position}. {m.module.title}") for m in modules
        ]
