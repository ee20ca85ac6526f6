"""Working sessions, press items and article reviews, under /lam-viec/ (namespace "meetings")."""
from django.urls import path

from . import views, views_review

app_name = "meetings"

urlpatterns = [
    path("", views.session_list, name="session-list"),
    path("<int:pk>/", views.session_detail, name="session-detail"),
    path("<int:pk>/sua/", views.session_edit, name="session-edit"),
    path("<int:pk>/xoa/", views.session_delete, name="session-delete"),
    path("tin-bai/", views.press_list, name="press-list"),
    path("tin-bai/<int:pk>/", views.press_detail, name="press-detail"),
    path("tin-bai/<int:pk>/sua/", views.press_edit, name="press-edit"),
    path("tin-bai/<int:pk>/xoa/", views.press_delete, name="press-delete"),
    path("doc-bai/", views_review.article_read, name="article-read"),
    path("xem-xet/", views_review.review_list, name="review-list"),
    path("xem-xet/<int:pk>/", views_review.review_detail, name="review-detail"),
    path("xem-xet/<int:pk>/tao/", views_review.review_apply_view, name="review-apply"),
    path("xem-xet/<int:pk>/bo/", views_review.review_discard_view, name="review-discard"),
]
