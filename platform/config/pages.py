"""What every page does with a button the same way: a POST asks a service
for one change, and the answer is a redirect that says how it went."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect


def say_refusal(request: HttpRequest, error: ValidationError) -> None:
    """Show why a service refused: each of ``error``'s messages as an error
    on the next page."""
    for text in error.messages:
        messages.error(request, text)


def step(
    request: HttpRequest,
    do: Callable[[], object],
    done: str | None,
    to: str,
    *,
    not_yours: tuple[type[Exception], ...] = (ObjectDoesNotExist,),
    **url_kwargs,
) -> HttpResponseRedirect:
    """Run ``do()`` (a service call) and redirect to ``to`` (a URL name with
    ``url_kwargs``, or a URL) whatever came of it. A refusal
    (ValidationError) is said with say_refusal; success says ``done``,
    unless it is None. What ``do`` raises of ``not_yours`` — by default any
    DoesNotExist, as the access functions and services raise the same for
    missing and not yours — is a 404, as for a missing object."""
    try:
        do()
    except not_yours:
        raise Http404 from None
    except ValidationError as error:
        say_refusal(request, error)
    else:
        if done is not None:
            messages.success(request, done)
    return redirect(to, **url_kwargs)
