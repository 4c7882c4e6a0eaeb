"""Swap requests: an employee's published wish to swap jobs for a period,
shown to others without name until both sides express interest."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from exchange.models.openings import SwapFormat, Visibility, shared_constraints


class RequestStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    MATCHED = "matched", _("In a swap")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SwapRequest(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="swap_requests"
    )
    # What others see of the owner's post (the employee's choice, nothing more).
    profession = models.ForeignKey(
        "vocabulary.Profession",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("my profession"),
    )
    workplace_type = models.CharField(
        _("my kind of workplace"),
        max_length=120,
        help_text=_("E.g. jobcentre, home care, day care."),
    )
    # Revealed only to the other party after mutual interest.
    workplace_unit_id = models.PositiveIntegerField()
    # Where the workplace is (copied from the organisation when published),
    # so distances are measured from it; empty: the municipality's centre.
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    workplace_name = models.CharField(max_length=160)
    wished_professions = models.ManyToManyField(
        "vocabulary.Profession", related_name="+", verbose_name=_("professions I would swap with")
    )
    wished_municipalities = models.ManyToManyField(
        "tenants.Municipality",
        related_name="+",
        blank=True,
        verbose_name=_("municipalities I wish for"),
    )
    max_distance_km = models.PositiveIntegerField(
        _("at most this far away (km)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    duration_weeks = models.PositiveSmallIntegerField(
        _("duration in weeks (within the window)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
    )
    format = models.CharField(_("format"), max_length=20, choices=SwapFormat.choices)
    days_per_week = models.PositiveSmallIntegerField(
        _("days per week"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    learning_tags = models.ManyToManyField(
        "vocabulary.CompetenceTag",
        related_name="+",
        blank=True,
        verbose_name=_("competences I want to learn"),
    )
    offered_tags = models.ManyToManyField(
        "vocabulary.CompetenceTag",
        related_name="+",
        blank=True,
        verbose_name=_("competences a colleague can learn in my post"),
    )
    goal_self = models.TextField(_("what I want to learn"))
    goal_workplaces = models.TextField(_("what the two workplaces gain"))
    goal_organisation = models.TextField(_("what the organisation gains"))
    visibility = models.CharField(
        _("visible to"), max_length=20, choices=Visibility.choices, default=Visibility.ALL
    )
    network = models.ForeignKey(
        "tenants.Network", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.ACTIVE
    )
    withdrawn_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            GinIndex(fields=["search_vector"], name="swaprequest_search_gin"),
            models.Index(fields=["status", "visibility"], name="swaprequest_status_vis_idx"),
        ]
        constraints = shared_constraints("swaprequest")
        verbose_name = _("swap request")
        verbose_name_plural = _("swap requests")

    def __str__(self) -> str:
        return f"Swap request {self.pk}"

    @property
    def public_label(self) -> str:
        """What others see instead of a name."""
        return (
            f"{self.profession.name}, {self.workplace_type}, {self.municipality.name} (#{self.pk})"
        )


class Interest(models.Model):
    """The owner of ``from_request`` would like to swap with the owner of
    ``to_request``. Interest both ways reveals the two to each other and
    starts a swap."""

    from_request = models.ForeignKey(
        SwapRequest, on_delete=models.CASCADE, related_name="interests_sent"
    )
    to_request = models.ForeignKey(
        SwapRequest, on_delete=models.CASCADE, related_name="interests_received"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_request", "to_request"], name="interest_once"),
            models.CheckConstraint(
                condition=~Q(from_request=F("to_request")), name="interest_not_in_oneself"
            ),
        ]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")

    def __str__(self) -> str:
        return f"{self.from_request_id} → {self.to_request_id}"
