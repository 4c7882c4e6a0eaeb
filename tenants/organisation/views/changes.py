"""The municipality's recent changes, in words, for HR."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from audit.models import AuditEvent
from tenants.organisation.changes import in_words
from tenants.organisation.views.common import hr_only

PAGE_SIZE = 50


@login_required
def change_list(request):
    """Who did what in the municipality's own trail, newest first."""
    hr_only(request)
    page = Paginator(AuditEvent.objects.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisation/change_list.html",
        {"page": page, "changes": in_words(page.object_list)},
    )
