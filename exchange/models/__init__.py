"""Job swap across municipal borders (public schema): what a municipality
publishes for the others to see, and the swaps that come of it. Private steps
(leader approvals, MED acknowledgements) live in the municipality's own
schema (exchange.approvals)."""

from exchange.models.matching import (
    Answer,
    MatchProposal,
    MatchRun,
    ProposalMember,
    ProposalStatus,
    RunStatus,
    RunTrigger,
)
from exchange.models.openings import (
    Opening,
    OpeningStatus,
    SwapFormat,
    SwapKind,
    Visibility,
)
from exchange.models.requests import Interest, RequestStatus, SwapRequest
from exchange.models.swaps import (
    AcceptanceRole,
    Agreement,
    AgreementAcceptance,
    Application,
    ApplicationStatus,
    Message,
    Swap,
    SwapParty,
    SwapStatus,
)

__all__ = [
    "AcceptanceRole",
    "Agreement",
    "AgreementAcceptance",
    "Answer",
    "Application",
    "ApplicationStatus",
    "Interest",
    "MatchProposal",
    "MatchRun",
    "Message",
    "Opening",
    "OpeningStatus",
    "ProposalMember",
    "ProposalStatus",
    "RequestStatus",
    "RunStatus",
    "RunTrigger",
    "Swap",
    "SwapFormat",
    "SwapKind",
    "SwapParty",
    "SwapRequest",
    "SwapStatus",
    "Visibility",
]
