"""Rules that openings and swap requests share: a period in order (with a
duration that fits its window), days per week only for part-time swaps, and
visibility to a network only for one's own networks."""

from django.utils.translation import gettext as _

from config.posted import horizon
from exchange.models import SwapFormat, Visibility


def shared_errors(data, municipality) -> dict[str, list[str]]:
    """Field errors for ``data`` (OpeningData or RequestData)."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if data.period_end < data.period_start:
        add("period_end", _("The period must end on or after the day it starts."))
    if data.period_end > horizon():
        add("period_end", _("Plan at most five years ahead."))
    window_days = (data.period_end - data.period_start).days + 1
    if data.duration_weeks and window_days > 0 and data.duration_weeks * 7 > window_days:
        add("duration_weeks", _("The duration does not fit in the window."))
    if data.format == SwapFormat.PART_TIME and not data.days_per_week:
        add("days_per_week", _("A part-time swap needs the number of days per week."))
    if data.format != SwapFormat.PART_TIME and data.days_per_week:
        add("days_per_week", _("Days per week apply to part-time swaps only."))
    if data.visibility == Visibility.NETWORK:
        if data.network is None:
            add("network", _("Choose the network that may see the opening."))
        elif not data.network.memberships.filter(municipality=municipality).exists():
            add("network", _("Your municipality is not a member of that network."))
    elif data.network is not None:
        add("network", _("A network applies only to openings visible to a network."))
    return errors
