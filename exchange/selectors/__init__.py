"""Reads of the exchange, one module per concept. The public schema gives no
isolation of its own, so every read is scoped to what the viewer's
municipality (or API client's organisation) may see, and a single object is
fetched by id and scope together: missing and not-yours are the same
DoesNotExist. The names below are the exchange's reads for pages, the API
and the apps beside it."""

from exchange.selectors.openings import (
    managed_openings,
    network_ids,
    opening_for_manager,
    opening_for_viewer,
    opening_manageable_by,
    visibility_filter,
    visible_openings,
)
from exchange.selectors.requests import (
    own_requests,
    request_for_viewer,
    request_search,
    visible_requests,
)
from exchange.selectors.search import (
    SORTS,
    FacetValue,
    OpeningQuery,
    OpeningSearchResult,
    opening_search,
    query_from_params,
)
from exchange.selectors.swaps import (
    acceptance_roles_of,
    acceptors,
    application_for_applicant,
    application_for_manager,
    applications_of,
    applications_to_manage,
    disclosed_to,
    host_side_open,
    mark_disclosure,
    may_cancel,
    may_post,
    swap_for_participant,
    swap_period_days,
    swaps_for,
)
from exchange.selectors.waiting import waiting_for

__all__ = [
    "SORTS",
    "FacetValue",
    "OpeningQuery",
    "OpeningSearchResult",
    "acceptance_roles_of",
    "acceptors",
    "application_for_applicant",
    "application_for_manager",
    "applications_of",
    "applications_to_manage",
    "disclosed_to",
    "host_side_open",
    "managed_openings",
    "mark_disclosure",
    "may_cancel",
    "may_post",
    "network_ids",
    "opening_for_manager",
    "opening_for_viewer",
    "opening_manageable_by",
    "opening_search",
    "own_requests",
    "query_from_params",
    "request_for_viewer",
    "request_search",
    "swap_for_participant",
    "swap_period_days",
    "swaps_for",
    "visibility_filter",
    "visible_openings",
    "visible_requests",
    "waiting_for",
]
