"""The journey follows the swap (see exchange.hooks)."""

from django.dispatch import receiver

from exchange import hooks
from exchange.journey.services.start import journeys_start


@receiver(hooks.swap_agreed, dispatch_uid="journey.journeys_start")
def start_on_agreement(sender, *, swap, **_kwargs):
    """The agreement is signed: each swapper's journey starts (or follows a
    changed period) in their home municipality's schema."""
    journeys_start(swap=swap)
