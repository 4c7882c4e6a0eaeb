"""The named hooks of the exchange: how the municipality-schema apps beside
it (the journey, approvals, the wage-compensation pool) take part in a swap
without the exchange importing them. Each app subscribes in its
AppConfig.ready(); the exchange only sends and asks.

- ``swap_agreed`` (a signal): every party has accepted the agreement's
  current version — the first time, or again after a change. Sent inside
  the deciding transaction with ``swap``; receivers run in it too, so a
  failure undoes the acceptance. The journey starts (or follows a changed
  period) here.
- ``party_actions`` (a registry): what a viewer may do about one party of a
  swap on the swap page, beyond the exchange's own buttons (a leader's
  approval, HR's MED acknowledgement, a leader's claim for wage
  compensation). Each entry is called with (request, swap, party) and
  returns a rendered fragment, or "" when the viewer may do nothing."""

from collections.abc import Callable

from django.dispatch import Signal

swap_agreed = Signal()

PartyAction = Callable[..., str]
_party_actions: list[PartyAction] = []


def register_party_action(render: PartyAction) -> PartyAction:
    """Add a fragment to every party on the swap page (usable as a decorator)."""
    if render not in _party_actions:
        _party_actions.append(render)
    return render


def party_actions(request, swap, party) -> list[str]:
    """The registered fragments for ``party`` on ``swap``, as the viewer of
    ``request`` may use them; empty ones left out."""
    return [html for render in _party_actions if (html := render(request, swap, party))]
