"""The named hooks of accounts: how the domains follow what happens to an
account without accounts importing them.

- ``account_deactivated`` (a signal): an account was deactivated — the person
  left, or their identity system says so; they cannot sign in any more. Sent
  inside the deactivating transaction with ``user``, ``actor`` (who did it;
  None for the platform) and ``reason`` (said to the other parties of what is
  withdrawn). The exchange withdraws the person's open applications and swap
  requests, courses their open nominations, each telling the other parties;
  swaps under way and every record stay."""

from django.dispatch import Signal

account_deactivated = Signal()
