"""Registry pages, under /van-ban/ (config.urls)."""
from django.urls import path

from . import views

urlpatterns = [
    path("", views.document_list, name="document-list"),
    path("moi/", views.document_create_view, name="document-create"),
    path("<int:pk>/", views.document_detail, name="document-detail"),
    path("<int:pk>/sua/", views.document_edit_view, name="document-edit"),
    path("<int:pk>/quan-he/them/", views.relation_add_view, name="document-relation-add"),
    path("quan-he/<int:pk>/xoa/", views.relation_remove_view, name="document-relation-remove"),
    path("<int:pk>/tep/them/", views.attachment_add_view, name="document-attachment-add"),
    path("tep/<int:pk>/", views.attachment_download, name="document-attachment-download"),
]
