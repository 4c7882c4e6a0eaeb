"""Forms of the wage-compensation pool pages. Amounts are typed in kroner,
with a decimal comma in Danish (localized fields)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exchange.network_pools.forms import money_field


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    budget = money_field(_("Budget for the year (DKK)"), min_value=0)


class ClaimForm(forms.Form):
    days = forms.IntegerField(label=_("Days with a substitute"), min_value=1, max_value=32767)
    amount = money_field(
        _("Amount applied for (DKK)"),
        min_value=0.01,
        help_text=_("The substitute's wage for those days."),
    )
    reason = forms.CharField(
        label=_("Why is a substitute needed?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class GrantForm(forms.Form):
    amount = money_field(
        _("Amount to grant (DKK)"),
        min_value=0.01,
        required=False,
        help_text=_("Leave empty to grant the full amount applied for."),
    )
    source = forms.ChoiceField(label=_("Paid from"))
    reason = forms.CharField(
        label=_("Note to the applicant (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = sources

    def source_and_pool(self) -> tuple[str, int | None]:
        value = self.cleaned_data["source"]
        if value.startswith("network:"):
            return "network", int(value.split(":", 1)[1])
        return value, None


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )


class UseForm(forms.Form):
    used = money_field(
        _("Used (DKK)"),
        min_value=0,
        help_text=_("What the substitute actually cost; the rest returns to the pool."),
    )
