"""Whatever Excel or a payroll system made of the file: encodings,
separators, formulas kept as text, and whole files refused with a reason."""

import csv
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from tenants.organisation.staff_import import reading
from tenants.organisation.staff_import.columns import COLUMNS, template_csv, template_xlsx
from tenants.organisation.staff_import.reading import FileRefused, read_table

ROWS = [["e-mail", "navn", "stillingsbetegnelse"], ["søren@vejle.example", "Søren Ærø", "Pædagog"]]


def _csv(rows, delimiter=";") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        (_csv(ROWS).encode("cp1252"), "cp1252"),  # Excel's "CSV" on a Danish Windows
        (_csv(ROWS).encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + _csv(ROWS).encode("utf-8"), "utf-8-sig"),  # Excel's "CSV UTF-8"
        (_csv(ROWS, ",").encode("utf-8"), "utf-8"),
        (_csv(ROWS, "\t").encode("utf-16"), "utf-16"),  # Excel's "Unicode text"
    ],
)
def test_csv_in_every_encoding_and_separator(content, encoding):
    table = read_table(content, "staff.csv")
    assert (table.encoding, table.columns) == (encoding, ["email", "name", "job_title"])
    assert table.rows == [
        {"line": 2, "email": "søren@vejle.example", "name": "Søren Ærø", "job_title": "Pædagog"}
    ]


def test_formulas_are_text_and_never_run():
    formula = "=cmd|' /C calc'!A0"
    table = read_table(
        _xlsx([["e-mail", "navn"], ["a@vejle.example", formula], ["b@vejle.example", "=1+1"]]),
        "s.xlsx",
    )
    assert [row["name"] for row in table.rows] == [formula, "=1+1"]
    table = read_table(
        _csv(
            [["e-mail", "navn"], ["a@vejle.example", "@SUM(A1)"], ["b@vejle.example", "'=2+2"]]
        ).encode(),
        "s.csv",
    )
    # Our own exports' escape (a leading apostrophe) is dropped again.
    assert [row["name"] for row in table.rows] == ["@SUM(A1)", "=2+2"]


def test_xlsx_numbers_dates_and_ignored_columns():
    table = read_table(
        _xlsx(
            [
                ["E-mail ", "Medarbejdernr", "Fratrådt", "Bredde", "Kommentar"],
                ["a@vejle.example", 1234, True, 55.7089, "x"],
            ]
        ),
        "s.xlsx",
    )
    assert table.rows == [
        {
            "line": 2,
            "email": "a@vejle.example",
            "external_id": "1234",
            "left": "ja",
            "latitude": "55.7089",
        }
    ]
    assert (table.format, table.ignored) == ("xlsx", ["Kommentar"])


def test_a_row_wider_than_the_header_or_with_a_huge_cell_is_marked():
    table = read_table(
        _csv(
            [["e-mail", "navn"], ["a@vejle.example", "A", "extra"], ["b@vejle.example", "B" * 1001]]
        ).encode(),
        "s.csv",
    )
    assert [row.get("problems") for row in table.rows] == [
        [{"text": "The row has more cells than the header has columns."}],
        [
            {
                "text": "%(column)s is longer than %(limit)s characters.",
                "params": {"column": "navn", "limit": 1000},
            }
        ],
    ]


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "s.csv", "The file is empty."),
        (
            b"navn;stilling\r\nA;B\r\n",
            "s.csv",
            "The file has no e-mail column. The first row must name the columns (e-mail, navn, …); download the template to see them.",
        ),
        (b"e-mail;mail\r\na@x.dk;b@x.dk\r\n", "s.csv", "The column e-mail appears twice."),
        (b"e-mail;navn\r\n", "s.csv", "The file has column names but no people."),
        (
            b'e-mail;navn\r\na@x.dk;"unterminated\r\n',
            "s.csv",
            "The file is not valid CSV near line 2 (unexpected end of data).",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "s.xls",
            "Save the file as .xlsx (Excel workbook) or as CSV, then upload it again.",
        ),
        (b"PK\x03\x04 not really a zip", "s.xlsx", "The file is not a readable .xlsx workbook."),
        (
            b"e-mail\r\n\x81\x8d\x8f\x90\x9d\r\n",
            "s.csv",
            "The file's characters cannot be read. Save it from Excel as 'CSV UTF-8' or as an .xlsx workbook.",
        ),
        (b"e-mail;navn\x00\r\n", "s.csv", "The file is not a CSV text file. Upload CSV or .xlsx."),
    ],
)
def test_files_refused_with_a_reason(content, filename, message):
    with pytest.raises(FileRefused) as refused:
        read_table(content, filename)
    assert str(refused.value) == message


def test_limits(monkeypatch):
    with pytest.raises(FileRefused, match="larger than 20 MB"):
        read_table(b"e" * (20 * 2**20 + 1), "s.csv")
    monkeypatch.setattr(reading, "MAX_ROWS", 2)
    with pytest.raises(FileRefused, match="more than 2 rows"):
        read_table(b"e-mail\r\na@x.dk\r\nb@x.dk\r\nc@x.dk\r\n", "s.csv")
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(FileRefused, match="too large when unpacked"):
        read_table(_xlsx([["e-mail"], ["a@x.dk"]]), "s.xlsx")


def test_the_templates_read_back_with_every_column():
    for content, name in ((template_csv(), "t.csv"), (template_xlsx(), "t.xlsx")):
        table = read_table(content, name)
        assert table.columns == [column.key for column in COLUMNS]
        assert table.ignored == []
        assert [row["email"] for row in table.rows] == [
            "mette.holm@kommune.dk",
            "anne.jensen@kommune.dk",
        ]
    assert template_csv().startswith("\ufeffe-mail;navn;".encode())
    assert zipfile.is_zipfile(io.BytesIO(template_xlsx()))
    assert load_workbook(io.BytesIO(template_xlsx())).active["A1"].value == "e-mail"
