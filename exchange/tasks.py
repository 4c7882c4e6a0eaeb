import logging

from celery import shared_task
from django.core.mail import EmailMessage, get_connection

logger = logging.getLogger(__name__)


@shared_task(name="exchange.tasks.deliver_mail", ignore_result=True)
def deliver_mail(mails: list[dict]) -> int:
    """Deliver mails rendered by exchange.notify (public task: the mails carry
    everything, no municipality data is read)."""
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


@shared_task(name="exchange.tasks.expire_openings", ignore_result=True)
def expire_openings() -> int:
    """Daily: published openings past their closing date become expired."""
    from exchange.services import openings_expire_due

    return openings_expire_due()
