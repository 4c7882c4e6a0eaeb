"""The demo's accounts: their mail addresses, their password and the
professions they are given. Every account the seed makes gets the demo
password in the transaction that creates it, so a run that stops half-way
(or an earlier seed that did) never leaves an account nobody can sign in to."""

import unicodedata

from django.contrib.auth.hashers import make_password

from accounts.models import User
from accounts.services import user_ensure
from tenants.organisation.services import employee_profile_set
from vocabulary.models import Profession

DEMO_PASSWORD = "tvaers-demo"  # noqa: S105  (documented demo password, demo data only)
DEMO_MAIL_DOMAIN = "tvaers.test"  # RFC 2606: reserved for testing, never delivered


def ascii_mail_part(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text if ch.isalnum() or ch in ".-")


def demo_email(local: str, slug: str) -> str:
    return f"{local}@{slug}.{DEMO_MAIL_DOMAIN}"


class DemoAccounts:
    """Makes (or finds) the demo's people, remembering which this run created."""

    def __init__(self):
        # Hashed once: hashing for each of the ~450 accounts would take minutes.
        self.password_hash = make_password(DEMO_PASSWORD)
        self.created: list[int] = []
        self.professions = {p.code: p for p in Profession.objects.all()}

    def person(self, *, email, name, roles, municipality=None, provider=None) -> User:
        user, created = user_ensure(
            actor=None,
            email=email,
            full_name=name,
            roles=roles,
            municipality=municipality,
            provider=provider,
        )
        if created:
            self.created.append(user.pk)
        if not user.has_usable_password():
            # New, or left without one by a run that stopped before setting it.
            User.objects.filter(pk=user.pk).update(password=self.password_hash)
            user.password = self.password_hash
        return user

    def profile(self, user, profession_code, title, workplace, leader):
        return employee_profile_set(
            actor=None,
            user=user,
            profession=self.professions[profession_code],
            job_title=title,
            workplace=workplace,
            leader=leader,
        )
