from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from tenants.organisation import selectors
from tenants.organisation.models import Unit


@login_required
def unit_detail(request, unit_id: int):
    """Staff list of one unit, for HR and for the unit's leader."""
    try:
        unit = selectors.unit_for_viewer(viewer=request.user, unit_id=unit_id)
    except Unit.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "organisation/unit_detail.html",
        {"unit": unit, "staff": selectors.staff_of(unit)},
    )
