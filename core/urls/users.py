"""The body administrator's staff users (core/views/users.py)."""

from django.urls import path

from core.views import users as views

urlpatterns = [
    path("settings/users/", views.users_list, name="settings-users"),
    path("settings/users/new/", views.user_create, name="settings-user-create"),
    path("settings/users/import/", views.users_import, name="settings-users-import"),
    path("settings/users/import/template/", views.users_template, name="settings-users-template"),
    path("settings/users/<int:pk>/", views.user_edit, name="settings-user-edit"),
    path("settings/users/<int:pk>/reissue/", views.user_reissue, name="settings-user-reissue"),
]
