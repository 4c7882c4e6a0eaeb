"""The staff import's pages (part of the organisation's URLs, namespace
``organisation``)."""

from django.urls import path

from tenants.organisation.staff_import import views

urlpatterns = [
    path("organisation/imports/", views.imports, name="imports"),
    path("organisation/imports/template.csv", views.template_as_csv, name="import-template-csv"),
    path("organisation/imports/template.xlsx", views.template_as_xlsx, name="import-template-xlsx"),
    path("organisation/imports/<int:staff_import_id>/", views.import_detail, name="import"),
    path(
        "organisation/imports/<int:staff_import_id>/status/",
        views.import_status,
        name="import-status",
    ),
    path(
        "organisation/imports/<int:staff_import_id>/confirm/",
        views.import_confirm,
        name="import-confirm",
    ),
    path(
        "organisation/imports/<int:staff_import_id>/cancel/",
        views.import_cancel,
        name="import-cancel",
    ),
    path(
        "organisation/imports/<int:staff_import_id>/rows.csv",
        views.import_rows_csv,
        name="import-rows-csv",
    ),
    path(
        "organisation/imports/<int:staff_import_id>/rows.xlsx",
        views.import_rows_xlsx,
        name="import-rows-xlsx",
    ),
]
