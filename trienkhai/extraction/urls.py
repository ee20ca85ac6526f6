"""The names and titles check page, under /kiem-tra/."""
from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("ten-chuc-danh/", views.names_check, name="names-check"),
]
