"""Report and dashboard pages, under /ke-hoach/ (plans.urls)."""
from django.urls import path

from .views import dashboard, reports

urlpatterns = [
    path("bao-cao/", reports.report_list, name="report-list"),
    path("bao-cao/<int:pk>/", reports.report_detail, name="report-detail"),
    path("bao-cao/<int:pk>/sua/", reports.report_edit, name="report-edit"),
    path("bao-cao/<int:pk>/gui/", reports.report_submit_view, name="report-submit"),
    path("bao-cao/<int:pk>/duyet/", reports.report_approve_view, name="report-approve"),
    path("bao-cao/<int:pk>/tra-lai/", reports.report_return_view, name="report-return"),
    path("bao-cao/<int:pk>/minh-chung/them/", reports.evidence_add_view, name="evidence-add"),
    path("minh-chung/<int:pk>/", reports.evidence_download, name="evidence-download"),
    path("nhiem-vu/<int:task_pk>/bao-cao/", reports.task_reports, name="task-reports"),
    path("nhiem-vu/<int:task_pk>/bao-cao/moi/", reports.report_create_view,
         name="report-create"),
    path("thong-bao/", reports.notification_list, name="notification-list"),
    path("thong-bao/da-doc/", reports.notification_read, name="notification-read"),
    path("tong-hop/don-vi/<int:unit_pk>/", dashboard.dashboard_unit, name="dashboard-unit"),
    path("tong-hop/don-vi/<int:unit_pk>/ke-hoach/<int:plan_pk>/", dashboard.dashboard_plan,
         name="dashboard-plan"),
    path("tong-hop/don-vi/<int:unit_pk>/ke-hoach/<int:plan_pk>/cach-tinh/",
         dashboard.dashboard_plan_explain, name="dashboard-plan-explain"),
    path("tong-hop/don-vi/<int:unit_pk>/van-ban/<int:document_pk>/",
         dashboard.dashboard_document, name="dashboard-document"),
    path("tong-hop/don-vi/<int:unit_pk>/van-ban/<int:document_pk>/cach-tinh/",
         dashboard.dashboard_document_explain, name="dashboard-document-explain"),
]
