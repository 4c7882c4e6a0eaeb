"""Forms of a network's pool page. Amounts are typed in kroner, with a
decimal comma in Danish (localized fields); the pool pages of each
municipality use the same money field."""

import re

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from config.posted import posted_year
from exchange.network_pools.models import MONEY


class MoneyField(forms.DecimalField):
    """Kroner as the pages show them: the language's thousands separator
    (12.500,00 in Danish, 12,500.00 in English) and spaces are accepted
    between groups of three digits; anything else is refused as before."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("\xa0", "").replace(" ", "")
            thousand = formats.get_format("THOUSAND_SEPARATOR")
            decimal = formats.get_format("DECIMAL_SEPARATOR")
            whole, has_fraction, fraction = value.partition(decimal)
            grouped = rf"[-+]?\d{{1,3}}(?:{re.escape(thousand)}\d{{3}})+"
            if thousand != decimal and re.fullmatch(grouped, whole):
                value = whole.replace(thousand, "") + (decimal + fraction if has_fraction else "")
        return super().to_python(value)


def money_field(label, *, min_value=None, required=True, help_text=""):
    return MoneyField(
        label=label,
        min_value=min_value,
        required=required,
        localize=True,
        help_text=help_text,
        **MONEY,
    )


class NetworkBudgetForm(forms.Form):
    year = forms.IntegerField(widget=forms.HiddenInput)
    budget = money_field(_("The network's budget for the year (DKK)"), min_value=0)


def year_asked(request) -> int:
    """The year a pool page is about (?year=), from last year to five years
    ahead; this year for anything else. The municipality's own pool pages
    ask the same."""
    this_year = timezone.localdate().year
    return (
        posted_year(request.GET.get("year"), first=this_year - 1, last=this_year + 5) or this_year
    )
