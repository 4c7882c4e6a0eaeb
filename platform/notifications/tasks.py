import logging

from celery import shared_task
from django.core.mail import EmailMessage, get_connection

logger = logging.getLogger(__name__)


@shared_task(name="notifications.tasks.deliver_mail", ignore_result=True)
def deliver_mail(mails: list[dict]) -> int:
    """Deliver mails rendered by notifications.services (a public task: the
    mails carry everything, no municipality data is read)."""
    messages = []
    for m in mails:
        headers = {}
        if m.get("unsubscribe"):
            headers = {
                "List-Unsubscribe": f"<{m['unsubscribe']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
        messages.append(EmailMessage(m["subject"], m["body"], to=[m["to"]], headers=headers))
    with get_connection() as connection:
        sent = connection.send_messages(messages)
    logger.info("delivered %s mail(s)", sent)
    return sent or 0


# The name this task had before the code was re-homed: mail queued by a
# process of the earlier release still goes out once the new worker runs.
# Remove once every deployment has drained such messages.
@shared_task(name="exchange.tasks.deliver_mail", ignore_result=True)
def deliver_mail_queued_before_rehoming(mails: list[dict]) -> int:
    return deliver_mail(mails)
