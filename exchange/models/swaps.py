"""Applications to openings, and the swaps they become: parties, the
cross-border status of approvals, the agreement and its acceptances, and
the message thread between the parties."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


LIVE_APPLICATION = (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED)


class Application(models.Model):
    """An employee's application to swap into, or visit, an opening, with the
    purpose on the guide's three levels."""

    opening = models.ForeignKey(
        "exchange.Opening", on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    applicant_municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    motivation = models.TextField(_("why you apply"))
    goal_self = models.TextField(_("what you want to learn"))
    goal_workplaces = models.TextField(_("what the two workplaces gain"))
    goal_organisation = models.TextField(_("what the organisation gains"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    decision_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Applying twice while the first application is alive is impossible.
            models.UniqueConstraint(
                fields=["opening", "applicant"],
                condition=Q(status__in=["submitted", "accepted"]),
                name="application_once_per_opening",
            )
        ]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        return f"{self.applicant_id} → {self.opening_id}"


class SwapStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting the leaders' approval")
    APPROVED = "approved", _("Approved; the agreement awaits acceptance")
    AGREED = "agreed", _("Agreed")
    DECLINED = "declined", _("Declined by a leader")
    CANCELLED = "cancelled", _("Cancelled")


LIVE_SWAP = (SwapStatus.AWAITING_APPROVAL, SwapStatus.APPROVED, SwapStatus.AGREED)


class Swap(models.Model):
    """A swap or visit the parties have agreed to pursue: from an accepted
    application (one swapper going into an opening), or from mutual interest
    between two swap requests (two swappers taking each other's post)."""

    opening = models.ForeignKey(
        "exchange.Opening", null=True, blank=True, on_delete=models.PROTECT, related_name="swaps"
    )
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="swap"
    )
    # A swap from mutual interest joins two swap requests.
    requests = models.ManyToManyField("exchange.SwapRequest", blank=True, related_name="swaps")
    status = models.CharField(
        _("status"), max_length=30, choices=SwapStatus.choices, default=SwapStatus.AWAITING_APPROVAL
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    cancelled_reason = models.TextField(blank=True)
    # Set the first time every party accepted the agreement; a later change
    # re-opens acceptance but the swap can no longer be called off.
    agreed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="swap_period_ordered"
            )
        ]
        verbose_name = _("swap")
        verbose_name_plural = _("swaps")

    def __str__(self) -> str:
        return f"Swap {self.pk} ({self.get_status_display()})"


class SwapParty(models.Model):
    """One swapper in a swap: where they come from and where they go, and the
    cross-border summary of their approvals (the decisions themselves are
    recorded in each municipality's own schema)."""

    swap = models.ForeignKey(Swap, on_delete=models.CASCADE, related_name="parties")
    swapper = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    home_municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    host_municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    host_workplace_unit_id = models.PositiveIntegerField()
    host_workplace_name = models.CharField(max_length=160)
    leader_involved_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the swapper asked their own leader to approve.")
    )
    home_approved_at = models.DateTimeField(null=True, blank=True)
    host_approved_at = models.DateTimeField(null=True, blank=True)
    home_med_acknowledged_at = models.DateTimeField(null=True, blank=True)
    host_med_acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["swap", "swapper"], name="swap_party_once"),
        ]
        verbose_name = _("swap party")
        verbose_name_plural = _("swap parties")

    def __str__(self) -> str:
        return f"{self.swapper_id} in swap {self.swap_id}"


class Agreement(models.Model):
    """The written frame of a swap (guide point 4). Every change makes a new
    version, which every party must accept again."""

    swap = models.OneToOneField(Swap, on_delete=models.CASCADE, related_name="agreement")
    version = models.PositiveIntegerField(default=1)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    working_hours = models.CharField(_("working hours"), max_length=200)
    pay = models.CharField(_("pay"), max_length=300)
    holidays = models.TextField(_("holidays"), blank=True)
    excluded_tasks = models.TextField(_("tasks the swapper must not do"), blank=True)
    contacts = models.TextField(_("contacts"), blank=True)
    right_to_return = models.TextField(_("right to return"))
    substitute_needed = models.BooleanField(_("a substitute is needed at home"), default=False)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="agreement_period_ordered",
            )
        ]
        verbose_name = _("swap agreement")
        verbose_name_plural = _("swap agreements")

    def __str__(self) -> str:
        return f"Agreement for swap {self.swap_id} v{self.version}"


class AcceptanceRole(models.TextChoices):
    SWAPPER = "swapper", _("Swapper")
    HOME_LEADER = "home_leader", _("Home leader")
    HOST_LEADER = "host_leader", _("Host leader")


class AgreementAcceptance(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="acceptances")
    version = models.PositiveIntegerField()
    party = models.ForeignKey(SwapParty, on_delete=models.CASCADE, related_name="acceptances")
    role = models.CharField(max_length=20, choices=AcceptanceRole.choices)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "version", "party", "role"], name="acceptance_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_role_display()} accepted v{self.version} of agreement {self.agreement_id}"
        )


class Message(models.Model):
    """The thread between the parties of a swap."""

    swap = models.ForeignKey(Swap, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Message {self.pk} in swap {self.swap_id}"
