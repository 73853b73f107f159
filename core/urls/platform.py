"""The platform administrator's pages: every body, a new body, a body's fields and its administrators."""

from django.urls import path

from core.views import platform as views

urlpatterns = [
    path("platform/", views.body_list, name="platform-bodies"),
    path("platform/bodies/new/", views.body_create, name="platform-body-create"),
    path("platform/bodies/<int:pk>/", views.body_edit, name="platform-body-edit"),
    path("platform/bodies/<int:pk>/administrators/", views.body_admin, name="platform-body-admin"),
]
