"""Mail to exactly the people who must act, with a link to their own site.
Every domain sends mail through here. Mails are rendered in the transaction
that decides them and delivered only after it commits, by the Celery worker
(or at once where TVAERS_SEND_MAIL_IN_WORKER is off, as in the tests)."""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from config.sites import organisation_site_url
from notifications.tasks import deliver_mail


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    # A one-click unsubscribe address (RFC 8058), for digests.
    unsubscribe: str = ""


def mail_for(user, template: str, path: str, **context) -> Mail:
    """Render the text template ``template`` (first line: the subject) for
    ``user``, in the platform's language, linking to ``path`` on the user's
    own site."""
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(
            template,
            {"user": user, "link": organisation_site_url(user, path), **context},
        )
    subject, _blank, body = text.strip().partition("\n")
    return Mail(to=user.email, subject=subject.strip(), body=body.strip() + "\n")


def send_after_commit(mails: list[Mail]) -> None:
    """Deliver ``mails`` once the current transaction commits (nothing is
    sent if it rolls back)."""
    mails = [mail for mail in mails if mail.to]
    if not mails:
        return
    payload = [asdict(mail) for mail in mails]
    if settings.TVAERS_SEND_MAIL_IN_WORKER:
        transaction.on_commit(lambda: deliver_mail.delay(payload))
    else:
        transaction.on_commit(lambda: deliver_mail(payload))
