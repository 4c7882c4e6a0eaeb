"""Mail to exactly the people who must act, with a link to their own site.
Mails are rendered in the transaction that decides them and delivered only
after it commits, by the Celery worker (or at once where
TVAERS_SEND_MAIL_IN_WORKER is off, as in the tests)."""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from tenants.sites import organisation_site_url


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    # A one-click unsubscribe address (RFC 8058), for digests.
    unsubscribe: str = ""


def mail_for(user, template: str, path: str, **context) -> Mail:
    """Render ``exchange/mail/<template>.txt`` (or ``template`` itself when it
    is a path ending in .txt; first line: the subject) for ``user``, linking to
    ``path`` on the user's own site."""
    name = template if template.endswith(".txt") else f"exchange/mail/{template}.txt"
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(
            name,
            {"user": user, "link": organisation_site_url(user, path), **context},
        )
    subject, _blank, body = text.strip().partition("\n")
    return Mail(to=user.email, subject=subject.strip(), body=body.strip() + "\n")


def send_after_commit(mails: list[Mail]) -> None:
    mails = [mail for mail in mails if mail.to]
    if not mails:
        return
    payload = [asdict(mail) for mail in mails]
    from exchange.tasks import deliver_mail

    if settings.TVAERS_SEND_MAIL_IN_WORKER:
        transaction.on_commit(lambda: deliver_mail.delay(payload))
    else:
        transaction.on_commit(lambda: deliver_mail(payload))
