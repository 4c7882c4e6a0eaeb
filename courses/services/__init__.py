"""Joint courses: providers publish courses; municipalities nominate staff
into the pooled demand; a cohort forms by itself when the approved demand
across municipalities reaches the course's minimum; seats are split fairly;
the provider confirms dates, records attendance and sets assignments; after
the last module the municipalities follow up on implementation (in their own
schema, courses.development, through courses.hooks).

One module per behaviour: ``courses`` (providers, courses, modules,
publishing), ``nominations``, ``cohorts`` (forming, dates, cancelling,
releasing seats, completing), ``attendance`` (attendance, assignments,
submissions), ``calendar`` (a participant's calendar feed); ``mail`` holds
the mails they send. Reads are in courses.selectors.

Services are keyword-only, atomic and audited. Access rules (who may act on
what) are checked here too, and "not yours" raises the same DoesNotExist as
"missing". The public names are re-exported here for callers outside the
domain (``from courses.services import provider_ensure``)."""

from courses.services.attendance import (
    assignment_create,
    attendance_record,
    submission_review,
    submission_submit,
)
from courses.services.calendar import calendar_feed_renew
from courses.services.cohorts import (
    ModuleDates,
    cohort_cancel,
    cohort_set_dates,
    cohorts_complete_due,
    cohorts_form,
    cohorts_form_all,
    seats_release_due,
)
from courses.services.courses import (
    CourseData,
    course_close,
    course_publish,
    course_save,
    module_add,
    module_remove,
    provider_ensure,
)
from courses.services.nominations import (
    nomination_accept,
    nomination_cancel,
    nomination_create,
    nomination_decline,
    nomination_leader_approve,
    nomination_request,
    nomination_substitute,
)

__all__ = [
    "CourseData",
    "ModuleDates",
    "assignment_create",
    "attendance_record",
    "calendar_feed_renew",
    "cohort_cancel",
    "cohort_set_dates",
    "cohorts_complete_due",
    "cohorts_form",
    "cohorts_form_all",
    "course_close",
    "course_publish",
    "course_save",
    "module_add",
    "module_remove",
    "nomination_accept",
    "nomination_cancel",
    "nomination_create",
    "nomination_decline",
    "nomination_leader_approve",
    "nomination_request",
    "nomination_substitute",
    "provider_ensure",
    "seats_release_due",
    "submission_review",
    "submission_submit",
]
