from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from config.pages import step
from exchange.alerts.models import SavedSearch
from exchange.alerts.services import saved_search_create, saved_search_stop


@login_required
def saved_searches(request):
    searches = SavedSearch.objects.filter(user_id=request.user.pk, active=True)
    return render(request, "alerts/saved_searches.html", {"searches": searches})


@login_required
@require_POST
def saved_search_new(request):
    return step(
        request,
        lambda: saved_search_create(
            actor=request.user,
            name=request.POST.get("name", ""),
            querystring=request.POST.get("querystring", ""),
        ),
        _("The search is saved. New openings come by mail each morning."),
        "alerts:saved-searches",
    )


@login_required
@require_POST
def saved_search_delete(request, search_id: int):
    search = SavedSearch.objects.filter(pk=search_id, user_id=request.user.pk, active=True).first()
    if search is None:
        raise Http404
    saved_search_stop(search=search, actor=request.user)
    messages.success(request, _("The search is deleted; no more mails."))
    return redirect("alerts:saved-searches")


@csrf_exempt  # one-click unsubscribe from a mail client (RFC 8058): the token is the secret
def unsubscribe(request, token):
    """The link in every digest. GET shows a button (link scanners must not
    unsubscribe anyone); POST, from the page or a mail client, unsubscribes."""
    search = SavedSearch.objects.filter(unsubscribe_token=token).first()
    if search is None:
        raise Http404
    if request.method == "POST":
        saved_search_stop(search=search)
        return render(request, "alerts/unsubscribed.html", {"search": search})
    return render(request, "alerts/unsubscribe.html", {"search": search})
