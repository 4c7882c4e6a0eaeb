"""User accounts and role memberships (public schema). Every user belongs to
one organisation: a municipality or a course provider; operators belong to
the platform itself and to neither."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    LEADER = "leader", _("Leader")
    HR = "hr", _("HR")
    COACH = "coach", _("Coach")
    PROVIDER_STAFF = "provider_staff", _("Provider staff")
    OPERATOR = "operator", _("Platform operator")


MUNICIPAL_ROLES = frozenset({Role.EMPLOYEE, Role.LEADER, Role.HR, Role.COACH})
PROVIDER_ROLES = frozenset({Role.PROVIDER_STAFF})
PLATFORM_ROLES = frozenset({Role.OPERATOR})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        # Sign-in is by e-mail, whatever case the person types it in.
        return self.get(email__iexact=username.strip())

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        """Used by ``createsuperuser``: a platform operator with admin access."""
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("full_name", email)
        user = self.create_user(email, password, **extra_fields)
        Membership.objects.get_or_create(user=user, role=Role.OPERATOR)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    # Stored lower-case (the manager and services normalise it).
    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    municipality = models.ForeignKey(
        "tenants.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("municipality"),
    )
    provider = models.ForeignKey(
        "courses.Provider",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("course provider"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin access"), default=False, help_text=_("May use the operators' admin site.")
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Part of the signed address of the user's course calendar feed; raising
    # it makes every earlier address stop working.
    calendar_feed_version = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    # A person, not a partner system (see accounts.actors).
    is_person = True

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
            models.CheckConstraint(
                condition=models.Q(municipality__isnull=True) | models.Q(provider__isnull=True),
                name="user_one_organisation",
            ),
        ]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def roles(self) -> frozenset[str]:
        if not hasattr(self, "_roles_cache"):
            self._roles_cache = frozenset(self.memberships.values_list("role", flat=True))
        return self._roles_cache

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def belongs_to_site(self, tenant) -> bool:
        """Whether this account may act on the site of ``tenant`` (a
        municipality, or the public site's FakeTenant). A session cookie
        carried to another municipality's host is worth nothing there."""
        municipality_id = getattr(tenant, "pk", None) if hasattr(tenant, "code") else None
        if municipality_id is None:
            return self.municipality_id is None
        return self.municipality_id == municipality_id


class Membership(models.Model):
    """A role a user holds in their organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="membership_role_once")
        ]
        verbose_name = _("role membership")
        verbose_name_plural = _("role memberships")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"
