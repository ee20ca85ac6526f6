"""Plan, consultation and task pages, under /ke-hoach/ (plans.urls)."""
from django.urls import path

from .views import consultation, plans, tasks

urlpatterns = [
    path("", plans.plan_list, name="plan-list"),
    path("moi/", plans.plan_create_view, name="plan-create"),
    path("<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("<int:pk>/sua/", plans.plan_edit_view, name="plan-edit"),
    path("<int:pk>/lay-y-kien/", plans.plan_open_consultation_view,
         name="plan-open-consultation"),
    path("<int:pk>/thong-qua/", plans.plan_adopt_view, name="plan-adopt"),
    path("<int:pk>/sua-doi/", plans.plan_amend_view, name="plan-amend"),
    path("<int:pk>/ket-thuc/", plans.plan_close_view, name="plan-close"),
    path("<int:pk>/phien-ban/<int:number>/", plans.plan_version_detail,
         name="plan-version"),
    path("<int:pk>/so-sanh/", plans.plan_diff_view, name="plan-diff"),
    path("<int:pk>/phan/them/", plans.section_add_view, name="plan-section-add"),
    path("phan/<int:pk>/sua/", plans.section_edit_view, name="plan-section-edit"),
    path("phan/<int:pk>/xoa/", plans.section_remove_view, name="plan-section-remove"),
    path("<int:pk>/moi-gop-y/", consultation.invite_add_view, name="consultation-invite"),
    path("<int:pk>/gop-y/them/", consultation.comment_add_view, name="consultation-comment"),
    path("gop-y/<int:pk>/xu-ly/", consultation.comment_handle_view,
         name="consultation-handle"),
    path("<int:pk>/tiep-thu-giai-trinh.docx", consultation.handling_docx_view,
         name="consultation-docx"),
    path("<int:pk>/tiep-thu-giai-trinh.xlsx", consultation.handling_xlsx_view,
         name="consultation-xlsx"),
    path("<int:pk>/nhiem-vu/them/", tasks.task_create_view, name="task-create"),
    path("nhiem-vu/<int:pk>/", tasks.task_detail, name="task-detail"),
    path("nhiem-vu/<int:pk>/sua/", tasks.task_edit_view, name="task-edit"),
    path("nhiem-vu/<int:pk>/giao/", tasks.task_cascade_view, name="task-cascade"),
]
