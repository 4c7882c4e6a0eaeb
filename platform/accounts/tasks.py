import logging

from celery import shared_task
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from audit.services import audit_record_local
from config.celery import TenantTask
from config.sites import municipality_site_url

logger = logging.getLogger(__name__)


@shared_task(base=TenantTask, name="accounts.tasks.send_invitation")
def send_invitation(user_id: int) -> dict:
    """Mail a new account of this municipality a link to choose a password.
    Safe to run twice: an account that already has a password is skipped."""
    municipality = connection.tenant
    user = User.objects.filter(pk=user_id, municipality=municipality, is_active=True).first()
    if user is None:
        logger.warning("send_invitation: no active user %s in %s", user_id, municipality)
        return {"schema": connection.schema_name, "sent": False}
    if user.has_usable_password():
        return {"schema": connection.schema_name, "sent": False}
    path = reverse(
        "accounts:password-reset-confirm",
        urlconf="config.urls_tenant",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "municipality": municipality,
        "link": municipality_site_url(municipality, path),
    }
    send_mail(
        subject=render_to_string("accounts/mail/invitation_subject.txt", context).strip(),
        message=render_to_string("accounts/mail/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
    audit_record_local(actor=None, action="invitation.sent", target=user)
    return {"schema": connection.schema_name, "sent": True}
