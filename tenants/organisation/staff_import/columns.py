"""The columns of a staff spreadsheet, what a cell in each may hold, and the
template HR downloads. Headers are Danish (as a payroll or HR system exports
them); a few other spellings and the English names are accepted too. The
order of the columns does not matter, and only ``e-mail`` is required.

An empty cell (or a missing column) keeps what the platform already has for
a person; it never clears a value. A new person gets the defaults (role
medarbejder, active)."""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.models import Role


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as in the template: Danish, lower case
    aliases: tuple[str, ...]
    label: Promise  # shown on pages
    help: Promise  # the documentation on the upload page
    example: str


COLUMNS: tuple[Column, ...] = (
    Column(
        "email",
        "e-mail",
        ("email", "e-mailadresse", "emailadresse", "mail", "e-mail address"),
        _("E-mail"),
        _(
            "Required. The person's work address; it is how they sign in and how the "
            "import finds them again (unless medarbejdernummer does)."
        ),
        "anne.jensen@kommune.dk",
    ),
    Column(
        "name",
        "navn",
        ("fulde navn", "fuldt navn", "fornavn og efternavn", "name", "full name"),
        _("Name"),
        _("Required for someone new."),
        "Anne Jensen",
    ),
    Column(
        "external_id",
        "medarbejdernummer",
        (
            "medarbejdernr",
            "medarbejder nr",
            "medarbejder-id",
            "medarbejderid",
            "lønnummer",
            "employee id",
            "external id",
        ),
        _("Employee number"),
        _(
            "The person's number in the payroll or HR system. When given, the import finds "
            "the person by it first, so a changed e-mail address is a change, not a new person."
        ),
        "10234",
    ),
    Column(
        "job_title",
        "stillingsbetegnelse",
        ("stilling", "job title"),
        _("Job title"),
        _("As the person's contract says."),
        "Jobkonsulent",
    ),
    Column(
        "profession",
        "fag",
        ("faggruppe", "profession"),
        _("Profession"),
        _("The profession's code or its Danish name, from the list below."),
        "jobcentre-caseworker",
    ),
    Column(
        "administration",
        "forvaltning",
        ("administration",),
        _("Administration"),
        _(
            "Forvaltning, afdeling and arbejdsplads together name the workplace; "
            "units that do not exist yet are created."
        ),
        "Beskæftigelse",
    ),
    Column(
        "department",
        "afdeling",
        ("department",),
        _("Department"),
        _("See forvaltning."),
        "Jobcenter",
    ),
    Column(
        "workplace",
        "arbejdsplads",
        ("workplace",),
        _("Workplace"),
        _("See forvaltning."),
        "Jobafklaring",
    ),
    Column(
        "address",
        "adresse",
        ("arbejdspladsens adresse", "address"),
        _("Address"),
        _("The workplace's address (optional)."),
        "Kirketorvet 22, 7100 Vejle",
    ),
    Column(
        "latitude",
        "bredde",
        ("breddegrad", "latitude"),
        _("Latitude"),
        _(
            "Where the workplace is, in degrees (WGS 84; bredde and længde together), so "
            "distances are measured from it. A comma or a point as decimal mark."
        ),
        "55,7089",
    ),
    Column(
        "longitude",
        "længde",
        ("længdegrad", "laengde", "longitude"),
        _("Longitude"),
        _("See bredde."),
        "9,5357",
    ),
    Column(
        "leader",
        "leder",
        ("nærmeste leder", "leders e-mail", "manager"),
        _("Leader"),
        _(
            "The e-mail address or medarbejdernummer of the person's leader: someone in the "
            "file or already registered. The leader needs the role leder to approve swaps."
        ),
        "mette.holm@kommune.dk",
    ),
    Column(
        "roles",
        "roller",
        ("rolle", "roles"),
        _("Roles"),
        _(
            "medarbejder, leder, hr and coach, separated by commas. Given, the person has "
            "exactly these roles; someone new without roles is medarbejder."
        ),
        "medarbejder",
    ),
    Column(
        "left",
        "fratrådt",
        ("fratraadt", "fratrædelsesdato", "fratrådt dato", "left"),
        _("Left"),
        _(
            "ja (or a date that has passed) when the person has left: they are deactivated. "
            "nej makes someone deactivated active again. Empty changes nothing. People who "
            "are not in the file are left as they are."
        ),
        "",
    ),
)
BY_KEY = {column.key: column for column in COLUMNS}
ROLE_WORDS = {
    "medarbejder": Role.EMPLOYEE,
    "employee": Role.EMPLOYEE,
    "leder": Role.LEADER,
    "leader": Role.LEADER,
    "hr": Role.HR,
    "coach": Role.COACH,
}
ROLE_NAMES = {role: word for word, role in reversed(list(ROLE_WORDS.items()))}
YES = {"ja", "j", "x", "1", "true", "yes", "y", "sand"}
NO = {"nej", "n", "0", "false", "no", "falsk"}
# A cell that a spreadsheet would take for a formula (OWASP's CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")


def header_key(header: str) -> str | None:
    """The column a header names, or None (the column is ignored)."""
    text = re.sub(r"[\s_]+", " ", str(header or "").replace("\ufeff", "")).strip().lower()
    text = text.rstrip(":").strip()
    for column in COLUMNS:
        if text == column.header or text in column.aliases:
            return column.key
    return None


def cell_text(value) -> str:
    """A cell as text. A leading apostrophe before a formula character is the
    escape our own exports add (see safe_text); it is dropped again."""
    text = str(value).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return text


def safe_text(value) -> str:
    """Text for a CSV cell that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


class CellError(ValueError):
    """A cell's value cannot be read; the message says why (to translate)."""

    def __init__(self, message: str, **params):
        super().__init__(message)
        self.message, self.params = message, params


def parse_roles(text: str) -> set[str] | None:
    """The roles named (None for an empty cell)."""
    words = [w.strip().lower() for w in re.split(r"[,;/]|\bog\b", text) if w.strip()]
    if not words:
        return None
    unknown = [w for w in words if w not in ROLE_WORDS]
    if unknown:
        raise CellError(
            N_("Unknown role %(value)s (use medarbejder, leder, hr or coach)."), value=unknown[0]
        )
    return {ROLE_WORDS[w] for w in words}


def parse_date(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_left(text: str, today: date) -> tuple[bool | None, date | None]:
    """(has left, the date given): None for an empty cell. A date still to
    come means not yet."""
    word = text.strip().lower()
    if not word:
        return None, None
    if word in YES:
        return True, None
    if word in NO:
        return False, None
    when = parse_date(word)
    if when is None:
        raise CellError(N_("Write ja, nej or a date in fratrådt, not %(value)s."), value=text)
    return when <= today, when


def parse_degrees(text: str) -> Decimal | None:
    text = text.strip().replace(" ", "")
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise CellError(N_("%(value)s is not a number of degrees."), value=text) from None
    if not value.is_finite() or abs(value) >= 1000:
        raise CellError(N_("%(value)s is not a number of degrees."), value=text)
    return value.quantize(Decimal("0.000001"))


# --- The template ----------------------------------------------------------------


def _template_rows() -> list[list[str]]:
    leader = [
        "mette.holm@kommune.dk",
        "Mette Holm",
        "10001",
        "Afdelingsleder",
        "manager",
        "Beskæftigelse",
        "Jobcenter",
        "Jobafklaring",
        "Kirketorvet 22, 7100 Vejle",
        "55,7089",
        "9,5357",
        "",
        "medarbejder, leder",
        "",
    ]
    employee = [column.example for column in COLUMNS]
    return [leader, employee]


def template_csv() -> bytes:
    """The template as CSV the way Excel writes it in Denmark (UTF-8 with a
    byte-order mark, semicolons)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.header for column in COLUMNS])
    writer.writerows([[safe_text(cell) for cell in row] for row in _template_rows()])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(header: list[str], rows: list[list]) -> bytes:
    """A sheet with ``header`` in bold and ``rows``; every text cell stays
    text, even one that starts like a formula."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Medarbejdere"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":  # openpyxl takes "=…" for a formula
                cell.data_type = "s"
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(50, max(10, width + 2))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_xlsx() -> bytes:
    return xlsx_bytes([column.header for column in COLUMNS], _template_rows())
