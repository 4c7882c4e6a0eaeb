"""HR's import pages over HTTP (the test client): upload, progress, preview,
confirm, cancel, the template and the rows as files — and everyone else,
another municipality's HR included, gets the same 404 as for a missing
import, with nothing changed and no task sent."""

import csv
import io
import tracemalloc

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.client import BOUNDARY, MULTIPART_CONTENT, FakePayload, encode_multipart
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from accounts.models import User
from tenants.organisation.models import ImportStatus, StaffImport
from tenants.organisation.staff_import.services import staff_import_apply, staff_import_read
from tenants.organisation.staff_import.tests.helpers import JOB, csv_file, person, read
from tests.isolation import assert_same_as_missing, isolation_case

IMPORTS = "/organisation/imports/"


def _staff_imports(municipality):
    def state():
        with tenant_context(municipality):
            return list(StaffImport.objects.order_by("pk").values("pk", "status", "counts"))

    return state


def test_hr_uploads_reads_the_preview_and_confirms(
    world, client_for, django_capture_on_commit_callbacks
):
    vejle = world.vejle.municipality
    hr = client_for(world.vejle.hr, municipality=vejle)
    page = hr.get(IMPORTS).content.decode()
    assert "Importér medarbejdere fra et regneark" in page
    assert "<code>medarbejdernummer</code>" in page and "<code>fratrådt</code>" in page
    content = csv_file(
        person(
            "ny@vejle.example",
            "Ny Kollega",
            "501",
            "Jobkonsulent",
            "Jobkonsulent",
            JOB,
            "leader@vejle.example",
        ),
        person("=cmd|' /C calc'!A0", "Formel"),
        encoding="cp1252",  # as Excel saves CSV on a Danish Windows
    )
    with django_capture_on_commit_callbacks() as callbacks:
        response = hr.post(IMPORTS, {"file": SimpleUploadedFile("personale.csv", content)})
    with tenant_context(vejle):
        staff_import = StaffImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{IMPORTS}{staff_import.pk}/"
    assert len(callbacks) == 1  # the read task, after commit
    assert hr.get(f"{IMPORTS}{staff_import.pk}/status/").json() == {
        "status": "reading",
        "progress": 0,
        "stage": "Læser og tjekker filen",
        "finished": False,
    }
    assert "data-import-status" in hr.get(f"{IMPORTS}{staff_import.pk}/").content.decode()
    with tenant_context(vejle):
        staff_import_read(staff_import_id=staff_import.pk)
    assert hr.get(f"{IMPORTS}{staff_import.pk}/status/").json()["finished"] is True
    page = hr.get(f"{IMPORTS}{staff_import.pk}/").content.decode()
    assert "=cmd|&#x27; /C calc&#x27;!A0 er ikke en e-mailadresse." in page
    assert "1 række er afvist, så intet kan gennemføres endnu." in page
    # The rows as a file: the formula is escaped in CSV and text in XLSX.
    rows = list(
        csv.reader(
            io.StringIO(hr.get(f"{IMPORTS}{staff_import.pk}/rows.csv").content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert rows[0] == ["Række", "E-mail", "Navn", "Resultat", "Hvorfor", "Ændringer"]
    assert rows[2][:4] == ["3", "'=cmd|' /C calc'!A0", "Formel", "Afvist"]
    sheet = load_workbook(
        io.BytesIO(hr.get(f"{IMPORTS}{staff_import.pk}/rows.xlsx").content)
    ).active
    assert (sheet["B3"].value, sheet["B3"].data_type) == ("=cmd|' /C calc'!A0", "s")
    assert hr.post(f"{IMPORTS}{staff_import.pk}/confirm/").status_code == 302
    with tenant_context(vejle):
        assert StaffImport.objects.get().status == ImportStatus.PREVIEW  # refused: not confirmed

    fixed = read(
        vejle,
        world.vejle.hr,
        csv_file(
            person(
                "ny@vejle.example",
                "Ny Kollega",
                "501",
                "Jobkonsulent",
                "jobcentre-caseworker",
                JOB,
                "leader@vejle.example",
            )
        ),
    )
    page = hr.get(f"{IMPORTS}{fixed.pk}/").content.decode()
    assert "Gennemfør importen" in page
    with django_capture_on_commit_callbacks() as callbacks:
        assert hr.post(f"{IMPORTS}{fixed.pk}/confirm/", {"invite": "on"}).status_code == 302
    assert len(callbacks) == 1  # the apply task
    with tenant_context(vejle):
        staff_import_apply(staff_import_id=fixed.pk)
    page = hr.get(f"{IMPORTS}{fixed.pk}/").content.decode()
    assert '<dd id="count-create">1</dd>' in page and "1 invitation sendes." in page
    assert User.objects.get(email="ny@vejle.example").full_name == "Ny Kollega"


def test_hr_cancels_before_confirming(world, client_for):
    vejle = world.vejle.municipality
    hr = client_for(world.vejle.hr, municipality=vejle)
    staff_import = read(vejle, world.vejle.hr, csv_file(person("x@vejle.example", "X")))
    response = hr.post(f"{IMPORTS}{staff_import.pk}/cancel/")
    assert response.status_code == 302 and response["Location"] == IMPORTS
    with tenant_context(vejle):
        cancelled = StaffImport.objects.get(pk=staff_import.pk)
    assert (cancelled.status, cancelled.rows, cancelled.preview) == (ImportStatus.CANCELLED, [], {})
    assert User.objects.filter(email="x@vejle.example").exists() is False


def test_the_templates(world, client_for):
    hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    response = hr.get(f"{IMPORTS}template.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode("utf-8-sig").splitlines()[0] == (
        "e-mail;navn;medarbejdernummer;stillingsbetegnelse;fag;forvaltning;afdeling;"
        "arbejdsplads;adresse;bredde;længde;leder;roller;fratrådt"
    )
    sheet = load_workbook(io.BytesIO(hr.get(f"{IMPORTS}template.xlsx").content)).active
    assert [c.value for c in sheet[1]][:3] == ["e-mail", "navn", "medarbejdernummer"]


def test_a_50_mb_upload_is_refused_without_being_kept(world, client_for, isolated):
    vejle = world.vejle.municipality
    hr = client_for(world.vejle.hr, municipality=vejle)
    hr.get(IMPORTS)
    body = encode_multipart(
        BOUNDARY, {"file": SimpleUploadedFile("stor.csv", b"e-mail;navn\r\n" + b"x" * 50 * 2**20)}
    )
    # The request as the server gets it, made before memory is counted
    # (the test client would copy a body it is given).
    environ = hr._base_environ(
        PATH_INFO=IMPORTS,
        REQUEST_METHOD="POST",
        CONTENT_TYPE=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(len(body)),
        **{"wsgi.input": FakePayload(body)},
    )
    del body
    with isolated(_staff_imports(vejle)):
        tracemalloc.start()
        response = hr.handler(environ)
        _size, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        connection.set_schema_to_public()
    assert response.status_code == 200
    assert (
        "Filen er større end 20 MB. Udelad kolonner, importen ikke bruger, eller del den op."
        in response.content.decode()
    )
    assert peak < 5 * 2**20  # streamed past, never read into memory


def test_wrong_kinds_of_upload(world, client_for, isolated):
    vejle = world.vejle.municipality
    hr = client_for(world.vejle.hr, municipality=vejle)
    with isolated(_staff_imports(vejle)):
        old_excel = hr.post(
            IMPORTS, {"file": SimpleUploadedFile("gammel.xls", b"\xd0\xcf\x11\xe0")}
        ).content.decode()
        nothing = hr.post(IMPORTS, {}).content.decode()
    assert (
        "Upload en .csv- eller .xlsx-fil (gem en .xls- eller .ods-fil som .xlsx først)."
        in old_excel
    )
    assert '<ul class="errorlist" id="id_file_error"><li>Feltet skal udfyldes.</li></ul>' in nothing


def test_a_malformed_file_is_refused_with_its_reason(world, client_for):
    vejle = world.vejle.municipality
    staff_import = read(vejle, world.vejle.hr, b"navn;stilling\r\nA;B\r\n")
    assert staff_import.status == ImportStatus.REFUSED
    page = (
        client_for(world.vejle.hr, municipality=vejle)
        .get(f"{IMPORTS}{staff_import.pk}/")
        .content.decode()
    )
    assert "Filen har ingen e-mail-kolonne." in page
    with tenant_context(vejle):
        assert hasattr(StaffImport.objects.get(pk=staff_import.pk), "file") is False


@isolation_case(
    "organisation:import",
    "organisation:import-status",
    "organisation:import-confirm",
    "organisation:import-cancel",
    "organisation:import-rows-csv",
    "organisation:import-rows-xlsx",
)
def test_only_this_municipalitys_hr_reaches_an_import(world, client_for, isolated):
    vejle, kolding = world.vejle.municipality, world.kolding.municipality
    staff_import = read(vejle, world.vejle.hr, csv_file(person("y@vejle.example", "Y")))
    others = [
        client_for(
            world.kolding.hr, municipality=kolding
        ),  # Kolding's HR, where the id is Kolding's
        client_for(world.vejle.employee, municipality=vejle),
        client_for(world.vejle.leader, municipality=vejle),
    ]
    with isolated(
        _staff_imports(vejle),
        _staff_imports(kolding),
        lambda: User.objects.filter(email="y@vejle.example").count(),
    ):
        for client in others:
            for suffix, method in (
                ("", "get"),
                ("status/", "get"),
                ("rows.csv", "get"),
                ("rows.xlsx", "get"),
                ("confirm/", "post"),
                ("cancel/", "post"),
            ):
                send = getattr(client, method)
                assert_same_as_missing(
                    send(f"{IMPORTS}{staff_import.pk}/{suffix}"), send(f"{IMPORTS}999999/{suffix}")
                )
        for client in others[1:]:  # not HR at all: not even the upload page
            assert_same_as_missing(client.get(IMPORTS), client.get(f"{IMPORTS}999999/"))
            assert client.get(f"{IMPORTS}template.csv").status_code == 404
    hr = client_for(world.vejle.hr, municipality=vejle)
    assert_same_as_missing(
        hr.get(f"{IMPORTS}99999999999999999999999/"), hr.get(f"{IMPORTS}999999/")
    )
    assert hr.get(f"{IMPORTS}{staff_import.pk}/").status_code == 200
