"""The named hooks of accounts: how the domains follow what happens to an
account without accounts importing them.

- ``account_deactivated`` (a signal): an account was deactivated — the person
  left, or their identity system says so; they cannot sign in any more. Sent
  inside the deactivating transaction with ``user``, ``actor`` (who did it;
  None for the platform) and ``reason`` (said to the other parties of what is
  withdrawn). The exchange withdraws the person's open applications and swap
  requests, courses their live nominations, each telling the other parties;
  swaps under way and every record stay (exchange.services.leavers,
  courses.services.leavers).
- ``leaving_withdraws`` (a registry): what deactivating a person would
  withdraw, in words, for the confirmation HR reads before deactivating.
  Each domain registers a function ``(user) -> list[str]`` in its
  AppConfig.ready(); ``what_leaving_withdraws(user)`` asks them all."""

from collections.abc import Callable

from django.dispatch import Signal

account_deactivated = Signal()

LeavingPreview = Callable[..., list[str]]
_leaving_previews: list[LeavingPreview] = []


def register_leaving_preview(preview: LeavingPreview) -> LeavingPreview:
    """Add a domain's list of what leaving withdraws (usable as a decorator)."""
    if preview not in _leaving_previews:
        _leaving_previews.append(preview)
    return preview


def what_leaving_withdraws(user) -> list[str]:
    """Every registered domain's items for ``user``, in registration order."""
    return [item for preview in _leaving_previews for item in preview(user)]
