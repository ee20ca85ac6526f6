from django.urls import path

from .views import audit, auth, people, search, units

urlpatterns = [
    path("", units.home, name="home"),
    path("dang-nhap/", auth.sign_in_view, name="login"),
    path("dang-xuat/", auth.sign_out_view, name="logout"),
    path("mat-khau/", auth.password_change_view, name="password-change"),
    path("don-vi/", units.unit_tree, name="unit-tree"),
    path("don-vi/<int:pk>/", units.unit_detail, name="unit-detail"),
    path("don-vi/<int:pk>/nhanh/", units.unit_children, name="unit-children"),
    path("nhan-su/", people.person_list, name="person-list"),
    path("nhan-su/<int:pk>/", people.person_detail, name="person-detail"),
    path("tim-kiem/", search.search, name="search"),
    path("nhat-ky/", audit.audit_list, name="audit-list"),
    path("lich-su/<str:kind>/<int:pk>/", audit.record_history, name="history"),
]
