from django.urls import path

from tenants.organisation.staff_import import urls as staff_import_urls
from tenants.organisation.views import changes, employees, units

app_name = "organisation"

urlpatterns = [
    path("organisation/", units.overview, name="overview"),
    path("organisation/units/new/", units.unit_new, name="unit-new"),
    path("organisation/units/<int:unit_id>/", units.unit_detail, name="unit"),
    path("organisation/units/<int:unit_id>/edit/", units.unit_edit, name="unit-edit"),
    path("organisation/units/<int:unit_id>/leader/", units.unit_leader, name="unit-leader"),
    path("organisation/units/<int:unit_id>/close/", units.unit_close, name="unit-close"),
    path("organisation/employees/", employees.employee_list, name="employees"),
    path("organisation/employees/new/", employees.employee_new, name="employee-new"),
    path("organisation/employees/<int:profile_id>/", employees.employee_edit, name="employee"),
    path(
        "organisation/employees/<int:profile_id>/deactivate/",
        employees.employee_deactivate,
        name="employee-deactivate",
    ),
    path(
        "organisation/employees/<int:profile_id>/reactivate/",
        employees.employee_reactivate,
        name="employee-reactivate",
    ),
    path(
        "organisation/accounts/<int:user_id>/record/",
        employees.account_record,
        name="account-record",
    ),
    path("organisation/changes/", changes.change_list, name="changes"),
    *staff_import_urls.urlpatterns,
]
