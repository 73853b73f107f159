"""Routes of the duty record (代表履职登记与积分); deputies/urls.py joins them."""

from django.urls import path

from deputies.duty import views

urlpatterns = [
    path("deputies/duty/", views.overview, name="duty-overview"),
    path("deputies/duty/freeze/", views.freeze_view, name="duty-freeze"),
    path("deputies/duty/attendance/", views.attendance_page, name="duty-attendance"),
    path("deputies/duty/declared/", views.declared_list, name="duty-declared-list"),
    path("deputies/duty/declared/<int:pk>/", views.declared_detail, name="duty-declared-detail"),
    path("deputies/duty/declared/<int:pk>/proof/", views.declared_proof, name="duty-declared-proof"),
    path("deputies/duty/<int:pk>/", views.deputy_page, name="duty-deputy"),
]
