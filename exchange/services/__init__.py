"""Writes to the exchange, one module per concept. Every service takes the
acting user (or partner system), runs in one transaction, validates before
saving, records an audit event and sends mail only after commit."""

from exchange.services.openings import (
    OpeningData,
    opening_create,
    opening_publish,
    opening_renew,
    opening_update,
    opening_withdraw,
    openings_expire_due,
)

__all__ = [
    "OpeningData",
    "opening_create",
    "opening_publish",
    "opening_renew",
    "opening_update",
    "opening_withdraw",
    "openings_expire_due",
]
