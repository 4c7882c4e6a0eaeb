from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.errors import AccountError
from accounts.models import Membership, Role, User
from accounts.services import roles_validate, user_create
from audit.services import audit_record_public


class MembershipFormSet(forms.BaseInlineFormSet):
    """Roles added here must fit the user's organisation, as in the services."""

    def clean(self):
        super().clean()
        roles = {
            form.cleaned_data["role"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        }
        try:
            roles_validate(
                roles=roles,
                municipality=self.instance.municipality,
                provider=self.instance.provider,
            )
        except AccountError as exc:
            raise ValidationError(exc.messages) from exc


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    extra = 0


class UserAddForm(forms.ModelForm):
    """Operators create accounts through accounts.services.user_create; the
    person then chooses a password with "Forgot your password, or new here?"."""

    roles = forms.MultipleChoiceField(
        label=_("roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = User
        fields = ("email", "full_name", "municipality", "provider")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("An account with this e-mail address already exists."))
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("municipality") and cleaned.get("provider"):
            raise ValidationError(_("Choose a municipality or a provider, not both."))
        try:
            roles_validate(
                roles=set(cleaned.get("roles", [])),
                municipality=cleaned.get("municipality"),
                provider=cleaned.get("provider"),
            )
        except AccountError as exc:
            raise ValidationError(exc.messages) from exc
        return cleaned


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "municipality", "provider", "is_active")
    list_filter = ("municipality", "provider", "is_active", "memberships__role")
    search_fields = ("email", "full_name")
    add_form = UserAddForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name",)}),
        (_("Organisation"), {"fields": ("municipality", "provider")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = (
        (None, {"fields": ("email", "full_name", "municipality", "provider", "roles")}),
    )

    def get_readonly_fields(self, request, obj=None):
        # Moving an account to another organisation would strand its profile
        # in the old municipality's schema; it is not an edit, it is a new account.
        return ("municipality", "provider") if obj is not None else ()

    def get_inlines(self, request, obj):
        return [MembershipInline] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            audit_record_public(
                actor=request.user,
                action="user.changed",
                target=obj,
                municipality=obj.municipality,
                provider=obj.provider,
                data={"fields": sorted(form.changed_data)},
            )
            return
        created = user_create(
            actor=request.user,
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            roles=form.cleaned_data["roles"],
            municipality=form.cleaned_data.get("municipality"),
            provider=form.cleaned_data.get("provider"),
        )
        obj.pk = created.pk
        obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        instances = formset.save()
        for membership in instances:
            audit_record_public(
                actor=request.user,
                action="membership.granted",
                target=membership.user,
                municipality=membership.user.municipality,
                provider=membership.user.provider,
                data={"role": membership.role},
            )
