from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    DIRECTORY_READ = "directory:read", _("Read municipalities and networks")
    EXCHANGE_READ = "exchange:read", _("Read the job-swap openings the organisation may see")
    OPENINGS_WRITE = "openings:write", _("Create and change the municipality's own openings")
    COURSES_READ = (
        "courses:read",
        _(
            "Read courses and cohorts: a provider its own with participants, a municipality its "
            "own nominations"
        ),
    )
    ATTENDANCE_WRITE = "attendance:write", _("Record attendance in the provider's own cohorts")
    ORGANISATION_READ = (
        "organisation:read",
        _("Read the municipality's organisation tree (units, their leaders and places)"),
    )
    STAFF_READ = "staff:read", _("Read the municipality's staff (its HR systems)")
    SCIM = "scim", _("Provision the municipality's staff through SCIM 2.0")
    STATISTICS_READ = (
        "statistics:read",
        _("Read the municipality's swap numbers, and the aggregate of its networks"),
    )
