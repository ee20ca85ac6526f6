"""The site's pages plus a router carrying only the study endpoints, under the "api" namespace
(the lead adds `register(router)` to trienkhai/api/urls.py)."""
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from trienkhai.studies.api import register

router = DefaultRouter()
register(router)

urlpatterns = [
    path("api/", include((router.urls, "api"), namespace="api")),
    path("hoc-tap/", include("trienkhai.studies.urls")),
    path("", include("trienkhai.web.urls")),
]
