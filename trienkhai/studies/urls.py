"""/hoc-tap/: study and dissemination (học tập, quán triệt)."""
from django.urls import path

from . import views

app_name = "studies"

urlpatterns = [
    path("", views.campaign_list, name="campaign-list"),
    path("moi/", views.campaign_launch, name="campaign-launch"),
    path("<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("<int:pk>/chua-to-chuc/", views.campaign_lagging, {"kind": "not-held"},
         name="campaign-not-held"),
    path("<int:pk>/duoi-nguong/", views.campaign_lagging, {"kind": "below"},
         name="campaign-below"),
    path("<int:pk>/hoi-nghi/moi/", views.session_create, name="session-create"),
    path("hoi-nghi/<int:pk>/", views.session_detail, name="session-detail"),
    path("hoi-nghi/<int:pk>/sua/", views.session_edit, name="session-edit"),
    path("chu-de/", views.theme_list, name="theme-list"),
    path("chu-de/moi/", views.theme_create, name="theme-create"),
    path("chu-de/<int:pk>/", views.theme_detail, name="theme-detail"),
    path("chu-de/<int:pk>/dang-ky/", views.theme_register, name="theme-register"),
]
