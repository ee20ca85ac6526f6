"""/api/: the REST endpoints, the token, the OpenAPI schema and its docs page.

Namespaced "api" so the router's names (unit-list, person-detail...) do not shadow the web
pages' URL names. The schema and docs need a signed-in user like everything else here: they
describe an internal system, and API clients hold a token anyway.
"""
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from trienkhai.documents.api import register as register_documents
from trienkhai.extraction.api import register as register_extraction
from trienkhai.meetings.api import register as register_meetings
from trienkhai.plans.api_plans import register as register_plans
from trienkhai.plans.api_reports import register as register_reports
from trienkhai.studies.api import register as register_studies

from .views import OversightViewSet, PersonViewSet, PositionViewSet, TokenObtainView, UnitViewSet

app_name = "api"
SIGNED_IN = [IsAuthenticated]

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("people", PersonViewSet, basename="person")
router.register("positions", PositionViewSet, basename="position")
router.register("oversight-assignments", OversightViewSet, basename="oversight")
# Each later capability registers its own endpoints.
register_documents(router)
register_studies(router)
register_plans(router)
register_reports(router)
register_extraction(router)
register_meetings(router)

urlpatterns = [
    path("token/", TokenObtainView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(permission_classes=SIGNED_IN), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api:schema", permission_classes=SIGNED_IN),
        name="docs",
    ),
    *router.urls,
]
