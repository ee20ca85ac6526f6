"""The project's URLs with the plans API under /api/ (namespace "api"), as api.urls will have it
once `plans.api_plans.register` is wired there."""
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from trienkhai.config.urls import urlpatterns as project_urls
from trienkhai.plans.api_plans import register

router = DefaultRouter()
register(router)

urlpatterns = [
    path("api/", include((router.urls, "api"))),
    *(pattern for pattern in project_urls if str(pattern.pattern) != "api/"),
]
