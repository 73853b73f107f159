"""The office's page of deputies' accounts."""

from django.urls import path

from deputies.accounts import views

urlpatterns = [
    path("settings/accounts/deputies/", views.deputy_accounts, name="deputy-accounts"),
    path("settings/accounts/deputies/<int:pk>/reissue/", views.deputy_account_reissue, name="deputy-account-reissue"),
    path("settings/accounts/deputies/<int:pk>/active/", views.deputy_account_active, name="deputy-account-active"),
]
