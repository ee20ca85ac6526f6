from django.urls import include, path

urlpatterns = [
    path("api/", include("trienkhai.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("van-ban/", include("trienkhai.documents.urls")),
    path("hoc-tap/", include("trienkhai.studies.urls")),
    path("ke-hoach/", include("trienkhai.plans.urls")),
    path("lam-viec/", include("trienkhai.meetings.urls")),
    path("kiem-tra/", include("trienkhai.extraction.urls")),
    path("", include("trienkhai.web.urls")),
]
