"""The worker's side of the organisation: the staff import's reading,
applying and invitations, each in the municipality's schema it was sent
from (config.celery.TenantTask) and safe to run twice."""

from celery import shared_task

from accounts.models import User
from accounts.tasks import send_invitation
from config.celery import TenantTask
from tenants.organisation.staff_import import services
from tenants.organisation.staff_import.services import APPLY_TASK, INVITE_TASK, READ_TASK


@shared_task(base=TenantTask, name=READ_TASK, ignore_result=True)
def staff_import_read(staff_import_id: int) -> None:
    services.staff_import_read(staff_import_id=staff_import_id)


@shared_task(base=TenantTask, name=APPLY_TASK, ignore_result=True)
def staff_import_apply(staff_import_id: int) -> None:
    services.staff_import_apply(staff_import_id=staff_import_id)


@shared_task(base=TenantTask, name=INVITE_TASK, ignore_result=True)
def staff_import_invite(user_ids: list[int]) -> int:
    """Invite the people an import created, one mail each (an account that
    has chosen a password meanwhile is skipped). Returns how many were sent."""
    sent = 0
    for user_id in User.objects.filter(pk__in=user_ids).values_list("pk", flat=True):
        # The task's body, in this task's schema (not a message per person).
        sent += send_invitation.run(user_id=user_id)["sent"]
    return sent
