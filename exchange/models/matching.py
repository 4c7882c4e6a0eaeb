"""Matching runs and the proposals they write: pairs and rotations of swap
requests in a network, each member saying yes or no to the post they would
take over. Public schema, like the swap requests they join; members are
shown to each other and to HR without names until everyone has said yes."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RunTrigger(models.TextChoices):
    NIGHTLY = "nightly", _("Nightly")
    ON_DEMAND = "on_demand", _("Asked for by HR")


class MatchRun(models.Model):
    """One run of the matching engine over a network's published swap
    requests. At most one waits or runs per network at a time."""

    network = models.ForeignKey(
        "tenants.Network", on_delete=models.CASCADE, related_name="match_runs"
    )
    trigger = models.CharField(max_length=20, choices=RunTrigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    max_cycle_length = models.PositiveSmallIntegerField(
        _("longest rotation"),
        default=3,
        validators=[MinValueValidator(2), MaxValueValidator(4)],
    )
    use_vacancies = models.BooleanField(
        _("include vacant posts"),
        default=True,
        help_text=_(
            "Published necessity-rotation openings may start a chain: one colleague takes the "
            "vacant post, another takes theirs, and so on."
        ),
    )
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=40, blank=True)
    requests_count = models.PositiveIntegerField(null=True, blank=True)
    arcs_count = models.PositiveIntegerField(null=True, blank=True)
    people_placed = models.PositiveIntegerField(null=True, blank=True)
    upper_bound = models.PositiveIntegerField(null=True, blank=True)
    optimal = models.BooleanField(null=True, blank=True)
    proposals_count = models.PositiveIntegerField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network"],
                condition=Q(status__in=["queued", "running"]),
                name="match_run_one_at_a_time",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="match_run_progress_percent"
            ),
            models.CheckConstraint(
                condition=Q(max_cycle_length__gte=2, max_cycle_length__lte=4),
                name="match_run_cycle_length_2_to_4",
            ),
        ]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")

    def __str__(self) -> str:
        return f"Matching run {self.pk} ({self.network_id}, {self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting answers")
    ACCEPTED = "accepted", _("Everyone said yes")
    DECLINED = "declined", _("Someone said no")
    WITHDRAWN = "withdrawn", _("A request was withdrawn")
    CLOSED = "closed", _("Closed: it could not go ahead")
    EXPIRED = "expired", _("Not everyone answered in time")


class MatchProposal(models.Model):
    """A pair or rotation the engine proposes: each member takes over the next
    member's post, the last the first's. When every member says yes it
    becomes a swap awaiting the leaders' approval."""

    run = models.ForeignKey(
        MatchRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    network = models.ForeignKey("tenants.Network", on_delete=models.PROTECT, related_name="+")
    # A chain starts in a vacant post (a necessity-rotation opening): the first
    # member takes it, each next member the previous one's post, and the last
    # member's own post is covered at home. Empty for a pair or rotation.
    opening = models.ForeignKey(
        "exchange.Opening",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="match_proposals",
    )
    status = models.CharField(
        max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    # The period every member's window shares (the whole rotation's overlap).
    period_start = models.DateField()
    period_end = models.DateField()
    score = models.PositiveIntegerField(help_text=_("Sum of the members' link scores."))
    # Unanswered by then, the proposal expires and everyone is free again.
    answer_by = models.DateField(null=True, blank=True)
    fallback_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="fallbacks"
    )
    swap = models.OneToOneField(
        "exchange.Swap", null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="proposal_period_ordered",
            )
        ]
        verbose_name = _("match proposal")
        verbose_name_plural = _("match proposals")

    def __str__(self) -> str:
        return f"Proposal {self.pk} ({self.status})"

    @property
    def is_chain(self) -> bool:
        return self.opening_id is not None


class Answer(models.TextChoices):
    PENDING = "pending", _("Not answered yet")
    YES = "yes", _("Yes")
    NO = "no", _("No")


class ProposalMember(models.Model):
    """One person in a proposal: their request, the post (request) they
    would take over, how good that link is and why, and their answer.
    ``live`` is true while the proposal awaits answers; a person is in at
    most one live proposal (database constraint)."""

    proposal = models.ForeignKey(MatchProposal, on_delete=models.CASCADE, related_name="members")
    position = models.PositiveSmallIntegerField()
    request = models.ForeignKey(
        "exchange.SwapRequest", on_delete=models.CASCADE, related_name="proposal_memberships"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The post this member takes over; empty for the first member of a chain,
    # who takes the proposal's vacant post (opening).
    takes = models.ForeignKey(
        "exchange.SwapRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proposal_takers",
    )
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    explanation = models.JSONField(default=dict)
    answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    live = models.BooleanField(default=True)

    class Meta:
        ordering = ["proposal", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=Q(live=True), name="one_live_proposal_per_person"
            ),
            models.UniqueConstraint(
                fields=["request"], condition=Q(live=True), name="one_live_proposal_per_request"
            ),
            models.UniqueConstraint(fields=["proposal", "position"], name="proposal_position_once"),
            models.UniqueConstraint(fields=["proposal", "request"], name="proposal_request_once"),
            models.CheckConstraint(condition=Q(score__lte=100), name="proposal_member_score_0_100"),
            models.CheckConstraint(
                condition=~Q(request=models.F("takes")), name="proposal_member_not_own_post"
            ),
            models.CheckConstraint(
                condition=Q(takes__isnull=False) | Q(position=0),
                name="proposal_member_takes_a_post",
            ),
        ]
        verbose_name = _("proposal member")
        verbose_name_plural = _("proposal members")

    def __str__(self) -> str:
        return f"{self.request_id} → {self.takes_id} in proposal {self.proposal_id}"

    @property
    def takes_label(self) -> str:
        """The post this member would take over, as others may see it."""
        if self.takes_id is None:
            opening = self.proposal.opening
            return f"{opening.title}, {opening.municipality.name}"
        return self.takes.public_label
