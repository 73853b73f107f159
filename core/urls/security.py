"""The body administrator's security pages: API tokens and log-in lock-outs (core/views/security.py)."""

from django.urls import path

from core.views import security as security_views

urlpatterns = [
    path("settings/tokens/", security_views.tokens_page, name="settings-tokens"),
    path("settings/tokens/<int:pk>/revoke/", security_views.token_revoke, name="settings-token-revoke"),
    path("settings/logins/", security_views.logins_page, name="settings-logins"),
    path("settings/logins/<int:pk>/unlock/", security_views.login_unlock, name="settings-login-unlock"),
]
