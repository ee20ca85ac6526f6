"""Working sessions, press items and article reviews, under /lam-viec/ (namespace "meetings")."""
from django.urls import path

from . import views, views_records, views_review

app_name = "meetings"

urlpatterns = [
    path("", views.session_list, name="session-list"),
    path("moi/", views.session_create, name="session-create"),
    path("<int:pk>/", views.session_detail, name="session-detail"),
    path("<int:pk>/sua/", views.session_edit, name="session-edit"),
    path("<int:pk>/xoa/", views.session_delete, name="session-delete"),
    path("<int:pk>/nguoi-du/them/", views_records.attendee_add, name="attendee-add"),
    path("<int:pk>/nguoi-du/<int:attendee_pk>/sua/", views_records.attendee_edit,
         name="attendee-edit"),
    path("<int:pk>/nguoi-du/<int:attendee_pk>/xoa/", views_records.attendee_remove,
         name="attendee-remove"),
    path("<int:pk>/ket-luan/them/", views_records.conclusion_add, name="conclusion-add"),
    path("<int:pk>/ket-luan/<int:conclusion_pk>/sua/", views_records.conclusion_edit,
         name="conclusion-edit"),
    path("<int:pk>/ket-luan/<int:conclusion_pk>/xoa/", views_records.conclusion_remove,
         name="conclusion-remove"),
    path("<int:pk>/ket-luan/<int:conclusion_pk>/nhiem-vu/", views_records.conclusion_task,
         name="conclusion-task"),
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
