"""Reading an uploaded staff file into rows of text, whatever Excel or a
payroll system made of it: XLSX (the first sheet), or CSV in UTF-8 (with or
without a byte-order mark), UTF-16 (Excel's "Unicode text") or Windows-1252
(Excel's "CSV" on a Danish Windows), separated by semicolons, commas or
tabs. Every cell is read as text and nothing is evaluated: a formula cell
is kept as the text of its formula. No database here."""

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.utils.translation import gettext_noop as N_
from openpyxl import load_workbook

from tenants.organisation.staff_import.columns import BY_KEY, cell_text, header_key

MAX_BYTES = settings.TVAERS_UPLOAD_MAX_BYTES
MAX_ROWS = 50_000
# An XLSX is a zip: refuse one that would unpack to more than this (a zip bomb).
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_CELL_CHARS = 1000


class FileRefused(Exception):
    """The file as a whole cannot be read; ``message`` (to translate, with
    ``params``) says why and what to do."""

    def __init__(self, message: str, **params):
        super().__init__(message % params if params else message)
        self.message, self.params = message, params


@dataclass
class Table:
    # {"line": n, column key: text, ..., "problems": [...] when the row
    # itself cannot be read}
    rows: list[dict]
    columns: list[str]  # the keys found, in the file's order
    ignored: list[str] = field(default_factory=list)  # headers not understood
    format: str = "csv"
    encoding: str = ""


def read_table(
    content: bytes, filename: str, progress: Callable[[float], None] | None = None
) -> Table:
    """The rows of ``content``; raises FileRefused."""
    if not content.strip():
        raise FileRefused(N_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise FileRefused(N_("The file is larger than %(limit)s MB."), limit=MAX_BYTES // 2**20)
    lower = filename.lower()
    if content[:4] == b"PK\x03\x04":
        return _read_xlsx(content, progress)
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or lower.endswith((".xls", ".ods")):
        raise FileRefused(
            N_("Save the file as .xlsx (Excel workbook) or as CSV, then upload it again.")
        )
    if lower.endswith(".xlsx"):
        raise FileRefused(N_("The file is not a readable .xlsx workbook."))
    return _read_csv(content, progress)


# --- CSV ------------------------------------------------------------------------


def _decode(content: bytes) -> tuple[str, str]:
    if content.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif content.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        try:
            return content.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"
    try:
        return content.decode(encoding), encoding
    except UnicodeDecodeError:
        raise FileRefused(
            N_(
                "The file's characters cannot be read. Save it from Excel as "
                "'CSV UTF-8' or as an .xlsx workbook."
            )
        ) from None


def _delimiter(first_line: str) -> str:
    """The separator that splits the header into the most known columns
    (ties: the most cells)."""

    def score(delimiter):
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return (sum(header_key(c) is not None for c in cells), len(cells))

    return max([";", ",", "\t"], key=score)


def _read_csv(content: bytes, progress) -> Table:
    text, encoding = _decode(content)
    if "\x00" in text:
        raise FileRefused(N_("The file is not a CSV text file. Upload CSV or .xlsx."))
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first), strict=True)
    total = max(1, text.count("\n"))
    try:
        table = _table(
            ([cell for cell in row] for row in reader),
            lambda: reader.line_num,
            total,
            progress,
        )
    except csv.Error as error:
        raise FileRefused(
            N_("The file is not valid CSV near line %(line)s (%(error)s)."),
            line=reader.line_num,
            error=str(error),
        ) from None
    table.encoding = encoding
    return table


# --- XLSX -----------------------------------------------------------------------


def _xlsx_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _read_xlsx(content: bytes, progress) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise FileRefused(N_("The workbook is too large when unpacked."))
        # Formulas are read as their text (data_only=False): never evaluated,
        # never taken for a value.
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        sheet = book.worksheets[0]
        total = max(1, sheet.max_row or 1)
        line = [0]

        def rows():
            for values in sheet.iter_rows(values_only=True):
                line[0] += 1
                yield [_xlsx_cell(v) for v in values]

        table = _table(rows(), lambda: line[0], total, progress)
        book.close()
    except FileRefused:
        raise
    except Exception:  # openpyxl raises many kinds for a broken workbook
        raise FileRefused(N_("The file is not a readable .xlsx workbook.")) from None
    table.format = "xlsx"
    return table


# --- Both -----------------------------------------------------------------------


def _table(rows, line_number, total: int, progress) -> Table:
    header = None
    for cells in rows:
        if any(str(c).strip() for c in cells):
            header = cells
            break
    if header is None:
        raise FileRefused(N_("The file has no rows."))
    keys = [header_key(cell) for cell in header]
    found = [k for k in keys if k]
    duplicated = sorted({k for k in found if found.count(k) > 1})
    if duplicated:
        raise FileRefused(
            N_("The column %(column)s appears twice."), column=BY_KEY[duplicated[0]].header
        )
    if "email" not in found:
        raise FileRefused(
            N_(
                "The file has no e-mail column. The first row must name the columns "
                "(e-mail, navn, …); download the template to see them."
            )
        )
    table = Table(
        rows=[],
        columns=found,
        ignored=[
            str(c).strip() for c, k in zip(header, keys, strict=True) if not k and str(c).strip()
        ],
    )
    width = len(header)
    for cells in rows:
        line = line_number()
        if not any(str(c).strip() for c in cells):
            continue
        if len(table.rows) >= MAX_ROWS:
            raise FileRefused(N_("The file has more than %(limit)s rows."), limit=MAX_ROWS)
        row = {"line": line}
        problems = []
        if len(cells) > width and any(str(c).strip() for c in cells[width:]):
            problems.append({"text": N_("The row has more cells than the header has columns.")})
        for key, value in zip(keys, cells, strict=False):
            if key:
                text = cell_text(value)
                if len(text) > MAX_CELL_CHARS:
                    problems.append(
                        {
                            "text": N_("%(column)s is longer than %(limit)s characters."),
                            "params": {"column": BY_KEY[key].header, "limit": MAX_CELL_CHARS},
                        }
                    )
                    text = text[:MAX_CELL_CHARS]
                row[key] = text
        if problems:
            row["problems"] = problems
        table.rows.append(row)
        if progress is not None and len(table.rows) % 500 == 0:
            progress(min(1.0, line / total))
    if not table.rows:
        raise FileRefused(N_("The file has column names but no people."))
    return table
