"""Matching follows the exchange (see exchange.hooks): a request that leaves
the pool, or a vacant post that changes, ends the live proposals it is in."""

from django.dispatch import receiver

from accounts.actors import Actor
from exchange import hooks
from exchange.matching.services.proposals import release_opening, release_request


@receiver(hooks.swap_request_left_pool, dispatch_uid="matching.release_request")
def release_on_leaving(sender, *, request, actor: Actor, **_kwargs):
    release_request(request, actor=actor)


@receiver(hooks.opening_changed, dispatch_uid="matching.release_opening")
def release_on_change(sender, *, opening, actor: Actor, **_kwargs):
    release_opening(opening, actor=actor)
