"""Reading typed or posted values the same way everywhere: a number is
ASCII digits only ("²".isdigit() is True, int("²") is not), a date is
ISO; anything else is None, never a silent 0. And the rules every domain
applies to what people type: required text, and how far ahead a date may
lie."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone


def plain_int(value) -> bool:
    value = str(value if value is not None else "")
    return value.isascii() and value.isdigit() and len(value) < 10


def posted_number(value) -> int | None:
    """A whole number as typed (spaces around allowed), or None."""
    value = str(value if value is not None else "").strip()
    return int(value) if plain_int(value) else None


def storable_id(*ids: int) -> bool:
    """Whether every one of ``ids`` could be a primary key (a positive
    bigint). An id beyond that is simply missing — never a database error."""
    return all(0 < pk < 2**63 for pk in ids)


def posted_year(value, *, first: int, last: int) -> int | None:
    """A year as typed, from ``first`` to ``last`` (inclusive), or None."""
    year = posted_number(value)
    return year if year is not None and first <= year <= last else None


def posted_id(value) -> int:
    """An object id from a form: 0 (no object) for anything that is not one."""
    return posted_number(value) or 0


def posted_date(value) -> date | None:
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def horizon() -> date:
    """The latest date a swap may be planned for."""
    return timezone.localdate() + timedelta(days=5 * 366)


def required_text(value: str, field: str, message: str) -> str:
    """``value`` stripped, or a field error with ``message`` when it is empty
    (reasons for declining and withdrawing, messages)."""
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value
