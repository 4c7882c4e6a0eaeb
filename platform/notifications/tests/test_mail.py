"""Mail is rendered in the deciding transaction and delivered only after it
commits, each with a link to the recipient's own site."""

import pytest
from django.core import mail
from django.db import transaction

from notifications.calendar import ics_text
from notifications.services import Mail, mail_for, send_after_commit
from notifications.tasks import deliver_mail


def test_a_mail_links_to_the_recipients_own_site(world):
    message = mail_for(
        world.kolding.employee,
        "exchange/mail/swap_agreed.txt",
        "/exchange/swaps/7/",
        swap=None,
    )
    assert message.to == "employee@kolding.example"
    assert message.subject == "Jobbyttet er aftalt"
    assert "http://kolding.localhost/exchange/swaps/7/" in message.body
    assert message.body.endswith("\n") and not message.body.startswith("\n")


def test_nothing_leaves_before_commit_nor_when_the_change_is_undone(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_after_commit([Mail(to="a@b.test", subject="Hej", body="x\n"), Mail("", "Nej", "")])
        assert mail.outbox == []  # not before the commit
    assert len(callbacks) == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [(["a@b.test"], "Hej")]

    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_after_commit([Mail(to="a@b.test", subject="Fortrudt", body="x\n")])
        raise RuntimeError("the deciding change fails")
    assert (callbacks, mail.outbox) == ([], [])


def test_a_digest_carries_one_click_unsubscribe(world):
    sent = deliver_mail(
        [
            {"to": "a@b.test", "subject": "Nyt", "body": "x", "unsubscribe": "http://x/u/1/"},
            {"to": "c@d.test", "subject": "Svar", "body": "y", "unsubscribe": ""},
        ]
    )
    assert sent == 2
    digest, plain = mail.outbox
    assert digest.extra_headers == {
        "List-Unsubscribe": "<http://x/u/1/>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert plain.extra_headers == {}


def test_calendar_text_is_escaped():
    assert ics_text("Vejle; Kolding, 2.\nsal\\") == "Vejle\\; Kolding\\, 2.\\nsal\\\\"
