"""The named hooks of the exchange: how the parts built on its core — the
municipality-schema apps beside it (the journey, approvals, the
wage-compensation pool) and matching — take part without the core importing
them. Each subscribes in its AppConfig.ready(); the core only sends and asks.
Signals are sent inside the deciding transaction, so receivers run in it
too and a failure undoes the change.

- ``swap_agreed``: every party has accepted the agreement's current version
  — the first time, or again after a change; with ``swap``. The journey
  starts (or follows a changed period).
- ``swap_request_left_pool``: a swap request was withdrawn, or it became a
  swap by mutual interest; with ``request`` (row-locked by the sender) and
  ``actor``. Matching ends the live proposal it is in.
- ``opening_changed``: an opening's terms were changed or it was withdrawn;
  with ``opening`` and ``actor``. Matching ends live chains into it (they
  were proposed on the old terms).
- ``party_actions`` (a registry): what a viewer may do about one party of a
  swap on the swap page, beyond the exchange's own buttons (a leader's
  approval, HR's MED acknowledgement, a leader's claim for wage
  compensation). Each entry is called with (request, swap, party) and
  returns a rendered fragment, or "" when the viewer may do nothing."""

from collections.abc import Callable

from django.dispatch import Signal

swap_agreed = Signal()
swap_request_left_pool = Signal()
opening_changed = Signal()

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
