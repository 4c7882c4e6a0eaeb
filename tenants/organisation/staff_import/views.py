"""HR's pages for the staff import, on the municipality's own site. Anyone
but HR of this municipality gets the same 404 as for a missing import."""

import csv
import io
import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from config.forms import form_errors_from
from config.uploads import upload_too_large
from tenants.organisation.models import ImportStatus, StaffImport
from tenants.organisation.staff_import import selectors, services
from tenants.organisation.staff_import.columns import (
    COLUMNS,
    safe_text,
    template_csv,
    template_xlsx,
    xlsx_bytes,
)
from tenants.organisation.staff_import.reading import MAX_BYTES
from vocabulary.models import Profession

PAGE_SIZE = 200
SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _actions():
    return {
        "create": _("New"),
        "change": _("Changed"),
        "deactivate": _("Deactivated (left)"),
        "reactivate": _("Active again"),
        "unchanged": _("Unchanged"),
        "skipped": _("Nothing to do"),
        "refused": _("Refused"),
    }


def _fields():
    return {
        "email": _("E-mail"),
        "name": _("Name"),
        "roles": _("Roles"),
        "job_title": _("Job title"),
        "profession_id": _("Profession"),
        "workplace": _("Workplace"),
        "leader": _("Leader"),
        "external_id": _("Employee number"),
        "address": _("Address"),
        "place": _("Place (latitude, longitude)"),
    }


def say(message: dict | None) -> str:
    """A stored message (msgid and parameters) in the reader's language."""
    if not message:
        return ""
    text = _(message["text"])
    return text % message["params"] if message.get("params") else text


def _stored_error(staff_import: StaffImport) -> str:
    return say(json.loads(staff_import.error)) if staff_import.error else ""


def _import_or_404(request, staff_import_id: int) -> StaffImport:
    try:
        return selectors.staff_import_for_hr(viewer=request.user, staff_import_id=staff_import_id)
    except StaffImport.DoesNotExist:
        raise Http404 from None


def _hr_or_404(request) -> None:
    if not selectors.may_import(request.user):
        raise Http404


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Spreadsheet (CSV or XLSX)"))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(SUFFIXES):
            raise ValidationError(
                _("Upload a .csv or an .xlsx file (save an .xls or .ods file as .xlsx first).")
            )
        return file


@login_required
def imports(request):
    """HR uploads a staff file; the page documents the columns and lists the
    latest imports."""
    _hr_or_404(request)
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if upload_too_large(request):
            form.is_valid()
            form.errors.pop("file", None)
            form.add_error(
                "file",
                _(
                    "The file is larger than %(limit)s MB. Leave out columns the import "
                    "does not use, or split it."
                )
                % {"limit": MAX_BYTES // 2**20},
            )
        elif form.is_valid():
            uploaded = form.cleaned_data["file"]
            try:
                staff_import = services.staff_import_upload(
                    actor=request.user,
                    filename=uploaded.name,
                    content=uploaded.read(),
                    checksum=uploaded.checksum,
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                return redirect("organisation:import", staff_import_id=staff_import.pk)
    return render(
        request,
        "organisation/import/imports.html",
        {
            "form": form,
            "columns": COLUMNS,
            "imports": selectors.staff_imports_for_hr(viewer=request.user),
            "professions": Profession.objects.order_by("name_da"),
            "limit_mb": MAX_BYTES // 2**20,
        },
    )


@login_required
def template_as_csv(request):
    _hr_or_404(request)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="medarbejdere-skabelon.csv"'
    return response


@login_required
def template_as_xlsx(request):
    _hr_or_404(request)
    response = HttpResponse(template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="medarbejdere-skabelon.xlsx"'
    return response


def _shown_rows(rows: list[dict]) -> list[dict]:
    actions, fields = _actions(), _fields()
    return [
        {
            "line": row["line"],
            "email": row["email"],
            "name": row["name"],
            "action": row["action"],
            "action_label": actions[row["action"]],
            "changes": [
                {"field": fields[c["field"]], "old": c["old"], "new": c["new"]}
                for c in row["changes"]
            ],
            "problems": [say(m) for m in row["problems"]],
            "notes": [say(m) for m in row["notes"]],
        }
        for row in rows
    ]


@login_required
def import_detail(request, staff_import_id: int):
    """One import: its progress while the worker reads or applies it, the
    preview to confirm, or the result."""
    staff_import = _import_or_404(request, staff_import_id)
    preview = staff_import.preview or {}
    counts = staff_import.counts or {}
    rows = preview.get("rows", [])
    default = "refused" if counts.get("refused") else "all"
    show = request.GET.get("show", default)
    if show not in (*_actions(), "all"):
        show = default
    chosen = rows if show == "all" else [row for row in rows if row["action"] == show]
    page = Paginator(chosen, PAGE_SIZE).get_page(request.GET.get("page"))
    actions = _actions()
    filters = [("all", _("All rows"), counts.get("rows", 0))] + [
        (key, label, counts.get(key, 0)) for key, label in actions.items() if counts.get(key)
    ]
    return render(
        request,
        "organisation/import/detail.html",
        {
            "staff_import": staff_import,
            "working": staff_import.status in (ImportStatus.READING, ImportStatus.APPLYING),
            "error": _stored_error(staff_import),
            "counts": counts,
            "units": [
                {
                    "path": unit["path"],
                    "action": unit["action"],
                    "changes": [
                        {"field": _fields()[c["field"]], "old": c["old"], "new": c["new"]}
                        for c in unit["changes"]
                    ],
                }
                for unit in preview.get("units", [])
            ],
            "ignored_columns": preview.get("ignored_columns", []),
            "same_file_applied_at": preview.get("same_file_applied_at"),
            "nothing_to_do": services.nothing_to_do(staff_import),
            "filters": filters,
            "show": show,
            "page": page,
            "rows": _shown_rows(page.object_list),
        },
    )


def _stage(staff_import: StaffImport) -> str:
    if staff_import.status == ImportStatus.READING:
        return _("Reading and checking the file")
    if staff_import.status == ImportStatus.APPLYING:
        return _("Applying everything at once")
    return staff_import.get_status_display()


@login_required
def import_status(request, staff_import_id: int):
    """The import page polls this while the worker reads or applies (JSON)."""
    staff_import = _import_or_404(request, staff_import_id)
    return JsonResponse(
        {
            "status": staff_import.status,
            "progress": staff_import.progress,
            "stage": _stage(staff_import),
            "finished": staff_import.status not in (ImportStatus.READING, ImportStatus.APPLYING),
        }
    )


@login_required
@require_POST
def import_confirm(request, staff_import_id: int):
    """HR confirms the preview: the worker applies it."""
    staff_import = _import_or_404(request, staff_import_id)
    try:
        services.staff_import_confirm(
            actor=request.user, staff_import=staff_import, invite=request.POST.get("invite") == "on"
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    return redirect("organisation:import", staff_import_id=staff_import.pk)


@login_required
@require_POST
def import_cancel(request, staff_import_id: int):
    """HR drops an import before confirming it."""
    staff_import = _import_or_404(request, staff_import_id)
    try:
        services.staff_import_cancel(actor=request.user, staff_import=staff_import)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("organisation:import", staff_import_id=staff_import.pk)
    messages.success(request, _("The import is cancelled; nothing was changed."))
    return redirect("organisation:imports")


def _outcome_table(staff_import: StaffImport) -> tuple[list[str], list[list[str]]]:
    header = [_("Row"), _("E-mail"), _("Name"), _("Outcome"), _("Why"), _("Changes")]
    rows = [
        [
            str(row["line"]),
            row["email"],
            row["name"],
            row["action_label"],
            " ".join(row["problems"] + row["notes"]),
            "; ".join(f"{c['field']}: {c['old']} → {c['new']}" for c in row["changes"]),
        ]
        for row in _shown_rows((staff_import.preview or {}).get("rows", []))
    ]
    return header, rows


@login_required
def import_rows_csv(request, staff_import_id: int):
    """Every row with its outcome and why, to correct a large file by (CSV;
    no cell can run as a formula)."""
    staff_import = _import_or_404(request, staff_import_id)
    header, rows = _outcome_table(staff_import)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[safe_text(cell) for cell in row] for row in rows])
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="import-{staff_import.pk}.csv"'
    return response


@login_required
def import_rows_xlsx(request, staff_import_id: int):
    """The same as an Excel workbook."""
    staff_import = _import_or_404(request, staff_import_id)
    header, rows = _outcome_table(staff_import)
    response = HttpResponse(xlsx_bytes(header, rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="import-{staff_import.pk}.xlsx"'
    return response
