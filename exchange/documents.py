"""The swap agreement as a PDF, and the swap's period as an iCalendar file."""

import io
from datetime import date, timedelta
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from notifications.calendar import ics_text


def agreement_pdf(swap) -> bytes:
    agreement = swap.agreement
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        title=_("Swap agreement"),
        author="Tværs",
    )

    def para(text, style="BodyText"):
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), styles[style])

    story = [
        para(_("Swap agreement"), "Title"),
        para(
            _("Version %(v)s, %(d)s")
            % {
                "v": agreement.version,
                "d": timezone.localtime(agreement.changed_at).strftime("%d-%m-%Y"),
            }
        ),
        Spacer(1, 0.4 * cm),
    ]
    rows = []
    for party in swap.parties.all():
        rows.append(
            [para(_("Swapper")), para(f"{party.swapper.full_name} ({party.swapper.email})")]
        )
        rows.append(
            [para(_("From")), para(_("%(m)s Municipality") % {"m": party.home_municipality.name})]
        )
        rows.append(
            [
                para(_("To")),
                para(
                    f"{party.host_workplace_name}, "
                    + _("%(m)s Municipality") % {"m": party.host_municipality.name}
                ),
            ]
        )
    rows += [
        [
            para(_("Period")),
            para(f"{agreement.period_start:%d-%m-%Y} – {agreement.period_end:%d-%m-%Y}"),
        ],
        [para(_("Working hours")), para(agreement.working_hours)],
        [para(_("Pay")), para(agreement.pay)],
        [para(_("Holidays")), para(agreement.holidays or "–")],
        [para(_("Tasks the swapper must not do")), para(agreement.excluded_tasks or "–")],
        [para(_("Contacts")), para(agreement.contacts or "–")],
        [para(_("Right to return")), para(agreement.right_to_return)],
        [
            para(_("A substitute is needed at home")),
            para(_("Yes") if agreement.substitute_needed else _("No")),
        ],
    ]
    table = Table(rows, colWidths=[5 * cm, 12 * cm])
    table.setStyle(
        TableStyle(
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#999999")]
        )
    )
    story += [table, Spacer(1, 0.6 * cm), para(_("Accepted by"), "Heading2")]
    accepted = agreement.acceptances.filter(version=agreement.version).select_related("accepted_by")
    for acceptance in accepted:
        story.append(
            para(
                f"{acceptance.get_role_display()}: {acceptance.accepted_by.full_name}, "
                f"{timezone.localtime(acceptance.accepted_at):%d-%m-%Y %H:%M}"
            )
        )
    if not accepted:
        story.append(para(_("Not yet accepted.")))
    document.build(story)
    return buffer.getvalue()


def period_ics(swap, host: str, user=None) -> str:
    """One all-day event over the swap's period (RFC 5545), named after where
    ``user`` goes (their own party; the first party for anyone else)."""
    parties = list(swap.parties.all())
    party = next((p for p in parties if user is not None and p.swapper_id == user.pk), parties[0])
    summary = _("Job swap: %(w)s, %(m)s") % {
        "w": party.host_workplace_name,
        "m": party.host_municipality.name,
    }
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    # DTEND is exclusive; the last representable day stands for itself.
    day_after = min(swap.period_end, date.max - timedelta(days=1)) + timedelta(days=1)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tvaers//Job swap//DA",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:swap-{swap.pk}-v{swap.agreement.version if hasattr(swap, 'agreement') else 0}@{host}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{swap.period_start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day_after:%Y%m%d}",
        f"SUMMARY:{ics_text(summary)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"
