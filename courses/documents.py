"""iCalendar for cohorts (RFC 5545): one all-day event per module, with a
stable UID and a SEQUENCE that grows when the provider moves a module, so
calendars update the event instead of adding a new one."""

from datetime import timedelta

from django.utils import timezone

from notifications.calendar import ics_text


def modules_ics(modules, host: str, name: str) -> str:
    """A calendar of cohort modules (CohortModule with dates)."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tvaers//Joint courses//DA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_text(name)}",
    ]
    for module in modules:
        if module.starts_on is None or module.ends_on is None:
            continue
        cohort = module.cohort
        lines += [
            "BEGIN:VEVENT",
            f"UID:cohort-{cohort.pk}-module-{module.module_id}@{host}",
            f"SEQUENCE:{module.sequence}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{module.starts_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{module.ends_on + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ics_text(f'{cohort.course.title}: {module.module.title}')}",
            f"LOCATION:{ics_text(module.location)}",
            "STATUS:CANCELLED" if cohort.status == "cancelled" else "STATUS:CONFIRMED",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
