from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from renda import rules_views, views
from renda.auth_views import LoginView


urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("settings/rules/", rules_views.rules_page, name="body-rules"),
    # Setting up a body: the platform administrator's bodies, and each body administrator's settings.
    path("", include("renda.urls_platform")),
    path("", include("renda.urls_settings")),
    path("", include("renda.urls_settings_users")),
    path("", include("renda.urls_settings_org")),
    path("", include("renda.urls_security")),
    # Accounts: log-in links, passwords, and the office's pages for deputies' and units' accounts.
    path("", include("renda.urls_accounts")),
    path("", include("renda.urls_notifications")),
    path("", include("renda.urls_dashboard")),  # the directors' dashboard and the year-end summary  # reminders: own list, settings, the sending log
    # The portal of deputies and handling units, and the public disclosure pages (no log-in).
    path("portal/", views.portal_home, name="portal-home"),
    path("portal/deputy/", include("deputies.urls_portal_deputy")),
    path("portal/unit/", include("deputies.urls_portal_unit")),
    path("portal/unit/", include("supervision.urls_portal")),
    path("public/", include("deputies.urls_public")),
    path("", include("plans.urls")),
    path("", include("supervision.urls")),
    path("", include("deputies.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("plans.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI sets inline styles on its elements; scripts stay 'self' only, on this page too.
    path(
        "api/docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
]

# Unrouted addresses under /api/ answer JSON like the API's other 404s (renda/api/not_found.py).
handler404 = "renda.api.not_found.not_found"
