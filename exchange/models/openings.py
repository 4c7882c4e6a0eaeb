"""Openings: places a workplace offers to swappers and visitors."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class SwapKind(models.TextChoices):
    """The guide's models of job swapping (001, "Eksempler på modeller")."""

    SAME_PROFESSION = "same_profession", _("Same-profession swap")
    COORDINATION = "coordination", _("Coordination swap between interface roles")
    CULTURAL_EXPLORATION = "cultural_exploration", _("Cultural exploration visit")
    SHADOWING = "shadowing", _("Shadowing / knowledge visit")
    LEADERSHIP_TRIAL = "leadership_trial", _("Leadership-talent trial")
    DEVELOPMENT_PROGRAMME = "development_programme", _("Swap inside a development programme")
    NECESSITY_ROTATION = "necessity_rotation", _("Necessity rotation")


class SwapFormat(models.TextChoices):
    FULL = "full", _("Full swap")
    PART_TIME = "part_time", _("Part-time")
    VISIT = "visit", _("Shadowing or visit")


class Visibility(models.TextChoices):
    MUNICIPALITY = "municipality", _("Own municipality only")
    NETWORK = "network", _("A network of municipalities")
    ALL = "all", _("All municipalities")


class OpeningStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    FILLED = "filled", _("Filled")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def shared_constraints(prefix: str) -> list[models.CheckConstraint]:
    """The rules openings and swap requests both keep in the database: the
    period in order, a network only with network visibility, days per week
    only for part-time swaps."""
    return [
        models.CheckConstraint(
            condition=Q(period_end__gte=F("period_start")), name=f"{prefix}_period_ordered"
        ),
        models.CheckConstraint(
            condition=Q(visibility="network", network__isnull=False)
            | (~Q(visibility="network") & Q(network__isnull=True)),
            name=f"{prefix}_network_iff_network_visibility",
        ),
        models.CheckConstraint(
            condition=Q(format="part_time", days_per_week__isnull=False)
            | (~Q(format="part_time") & Q(days_per_week__isnull=True)),
            name=f"{prefix}_days_iff_part_time",
        ),
    ]


class Opening(models.Model):
    """A place at a workplace that HR or the workplace's leader opens for a
    swapper or visitor from (partner) municipalities."""

    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="openings"
    )
    # The workplace lives in the municipality's schema; no foreign key can
    # cross that boundary, so its id and its published name are kept here.
    workplace_unit_id = models.PositiveIntegerField()
    # Where the workplace is (copied from the organisation when published),
    # so distances are measured from it; empty: the municipality's centre.
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    workplace_name = models.CharField(_("workplace"), max_length=160)
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("what the swapper will do and learn"))
    kind = models.CharField(_("kind of swap"), max_length=30, choices=SwapKind.choices)
    format = models.CharField(_("format"), max_length=20, choices=SwapFormat.choices)
    days_per_week = models.PositiveSmallIntegerField(
        _("days per week"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    # A fixed period (duration_weeks empty), or a window in which a period of
    # duration_weeks can be placed.
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    duration_weeks = models.PositiveSmallIntegerField(
        _("duration in weeks (within the window)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
    )
    professions = models.ManyToManyField(
        "vocabulary.Profession", related_name="+", verbose_name=_("professions sought")
    )
    learning_tags = models.ManyToManyField(
        "vocabulary.CompetenceTag",
        related_name="+",
        blank=True,
        verbose_name=_("what you can learn"),
    )
    requirements = models.TextField(_("requirements"), blank=True)
    excluded_tasks = models.TextField(
        _("tasks a swapper must not do"),
        blank=True,
        help_text=_("E.g. exercise of public authority."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    places_taken = models.PositiveSmallIntegerField(default=0)
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"))
    visibility = models.CharField(
        _("visible to"), max_length=20, choices=Visibility.choices, default=Visibility.ALL
    )
    network = models.ForeignKey(
        "tenants.Network",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="openings",
        verbose_name=_("network"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=OpeningStatus.choices, default=OpeningStatus.DRAFT
    )
    expires_on = models.DateField(_("open for applications until"))
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    # Empty when a partner system created it through the API (the audit
    # trail names the API client).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Danish full-text search over title, description, workplace and the
    # names of professions and competences; kept current by the services.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="opening_search_gin"),
            models.Index(fields=["status", "visibility"], name="opening_status_vis_idx"),
            models.Index(fields=["municipality", "status"], name="opening_muni_status_idx"),
            # The newest-first page of published openings walks this backwards.
            models.Index(fields=["status", "-published_at"], name="opening_status_published_idx"),
        ]
        constraints = [
            *shared_constraints("opening"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="opening_capacity_positive"),
            # Never more swappers than places, whatever races the code loses.
            models.CheckConstraint(
                condition=Q(places_taken__lte=F("capacity")), name="opening_places_within_capacity"
            ),
        ]
        verbose_name = _("opening")
        verbose_name_plural = _("openings")

    def __str__(self) -> str:
        return f"{self.title} ({self.municipality})"

    @property
    def places_left(self) -> int:
        return self.capacity - self.places_taken
