from django.urls import include, path

urlpatterns = [
    path("", include("trienkhai.plans.urls_plans")),
    path("", include("trienkhai.plans.urls_reports")),
]
