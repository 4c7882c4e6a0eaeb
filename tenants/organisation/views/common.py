"""What HR's organisation pages share."""

from django.http import Http404

from accounts.models import Role


def hr_only(request) -> None:
    """Everyone but HR gets the 404 of a page that does not exist."""
    if not request.user.has_role(Role.HR):
        raise Http404
