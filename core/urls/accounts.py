"""Accounts: the one-time link, one's own password, and the office's pages for units' accounts
(deputies' accounts: deputies/accounts/urls.py)."""

from django.urls import path

from core.views import accounts as views

urlpatterns = [
    path("accounts/setup/<uidb64>/<token>/", views.AccountSetupView.as_view(), name="account-setup"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("settings/accounts/handout/", views.account_handout, name="account-handout"),
    path("settings/accounts/units/", views.unit_accounts, name="unit-accounts"),
    path("settings/accounts/units/contacts/<int:pk>/reissue/", views.unit_contact_reissue,
         name="unit-contact-reissue"),
    path("settings/accounts/units/contacts/<int:pk>/active/", views.unit_contact_active, name="unit-contact-active"),
]
