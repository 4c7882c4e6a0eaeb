from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from config.sites import organisation_site_url


class EmailAuthenticationForm(AuthenticationForm):
    """Sign in with e-mail and password, on the site of one's own organisation."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or the password is wrong. Try again."),
        "wrong_site": _("Your account belongs to another site. Sign in at %(url)s instead."),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        # Only reached with the right password, so this reveals nothing to a
        # stranger guessing e-mail addresses.
        if not user.belongs_to_site(getattr(self.request, "tenant", None)):
            raise ValidationError(
                self.error_messages["wrong_site"],
                code="wrong_site",
                params={"url": organisation_site_url(user)},
            )


class SitePasswordResetForm(PasswordResetForm):
    """Password reset that only finds accounts of the site it is used on."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def save(self, *args, request=None, **kwargs):
        self._site_tenant = getattr(request, "tenant", None)
        return super().save(*args, request=request, **kwargs)

    def get_users(self, email):
        tenant = getattr(self, "_site_tenant", None)
        municipality_id = tenant.pk if hasattr(tenant, "code") else None
        users = User.objects.filter(email__iexact=email, is_active=True)
        users = (
            users.filter(municipality_id=municipality_id)
            if municipality_id
            else users.filter(municipality__isnull=True)
        )
        return (user for user in users if user.has_usable_password() or not user.last_login)
