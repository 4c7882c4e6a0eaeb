from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from api.courses import CohortViewSet, CourseViewSet, NominationViewSet
from api.errors import api_not_found
from api.exchange import OpeningSearchView, OpeningViewSet, SwapRequestViewSet
from api.matching import MatchProposalViewSet, MatchRunViewSet
from api.organisation import StaffViewSet, UnitViewSet
from api.statistics import NetworkStatisticsView, StatisticsView
from api.views import MunicipalityViewSet, NetworkViewSet

router = SimpleRouter(trailing_slash="/?")
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("networks", NetworkViewSet, basename="network")
router.register("openings/search", OpeningSearchView, basename="opening-search")
router.register("openings", OpeningViewSet, basename="opening")
router.register("swap-requests", SwapRequestViewSet, basename="swap-request")
router.register("match-runs", MatchRunViewSet, basename="match-run")
router.register("match-proposals", MatchProposalViewSet, basename="match-proposal")
router.register("courses", CourseViewSet, basename="course")
router.register("cohorts", CohortViewSet, basename="cohort")
router.register("nominations", NominationViewSet, basename="nomination")
router.register("organisation/units", UnitViewSet, basename="organisation-unit")
router.register("staff", StaffViewSet, basename="staff")

app_name = "api"

docs_access = {"permission_classes": [AllowAny], "authentication_classes": []}

urlpatterns = [
    path(
        "schema/",
        # The API lives in the public URLconf, not in ROOT_URLCONF (the municipalities').
        SpectacularAPIView.as_view(urlconf="config.urls_public", **docs_access),
        name="api-schema",
    ),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api:api-schema", **docs_access),
        name="api-docs",
    ),
    path(
        "redoc/",
        SpectacularRedocView.as_view(url_name="api:api-schema", **docs_access),
        name="api-redoc",
    ),
    path("statistics/", StatisticsView.as_view(), name="statistics"),
    re_path(
        r"^networks/(?P<slug>[-a-zA-Z0-9_]+)/statistics/?$",
        NetworkStatisticsView.as_view(),
        name="network-statistics",
    ),
    *router.urls,
    re_path(r"^.*$", api_not_found),
]
