"""Municipalities (one PostgreSQL schema each), their host names, and the
networks they form. All of this lives in the public schema."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin


class Region(models.TextChoices):
    HOVEDSTADEN = "Region Hovedstaden", "Region Hovedstaden"
    SJAELLAND = "Region Sjælland", "Region Sjælland"
    SYDDANMARK = "Region Syddanmark", "Region Syddanmark"
    MIDTJYLLAND = "Region Midtjylland", "Region Midtjylland"
    NORDJYLLAND = "Region Nordjylland", "Region Nordjylland"


slug_validator = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$",
    _("Use lower-case letters a–z, digits and hyphens (a valid host name)."),
)


class Municipality(TenantMixin):
    """A Danish municipality (kommune) as a tenant: its staff data lives in its
    own schema, named after the official municipality code (e.g. ``k630``)."""

    code = models.PositiveSmallIntegerField(
        _("municipality code"),
        unique=True,
        validators=[MinValueValidator(101), MaxValueValidator(999)],
        help_text=_("The official three-digit kommunekode, e.g. 630 for Vejle."),
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.CharField(
        _("host label"), max_length=63, unique=True, validators=[slug_validator]
    )
    region = models.CharField(_("region"), max_length=40, choices=Region.choices)
    latitude = models.DecimalField(_("latitude"), max_digits=7, decimal_places=4)
    longitude = models.DecimalField(_("longitude"), max_digits=7, decimal_places=4)
    med_acknowledgement_required = models.BooleanField(
        _("MED acknowledgement of swaps"),
        default=False,
        help_text=_(
            "When on, a union representative / MED acknowledges each swap of the "
            "municipality's staff before it can be agreed."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A suspended municipality keeps its data, but nobody signs in to its site
    # and the API refuses its keys (the operator suspends and resumes).
    suspended_at = models.DateTimeField(_("suspended"), null=True, blank=True)
    suspended_reason = models.CharField(_("why suspended"), max_length=300, blank=True)

    # Schemas are created by tenants.services.municipality_provision, which
    # clones the template schema; never implicitly on save().
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def schema_name_for(code: int) -> str:
        return f"k{code:03d}"


class Domain(DomainMixin):
    """A host name that routes to a municipality's site."""

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class Network(models.Model):
    """A named group of municipalities that work together (e.g. Job7). A
    municipality can be in several networks."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=63, unique=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        Municipality, through="NetworkMembership", related_name="networks"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name


class NetworkMembership(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="network_memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "municipality"], name="network_member_once")
        ]
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")

    def __str__(self) -> str:
        return f"{self.municipality} ∈ {self.network}"
