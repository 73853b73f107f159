from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.views import rules as rules_views
from core.views.auth import LoginView
from reports.views import home as views

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("settings/rules/", rules_views.rules_page, name="body-rules"),
    # Setting up a body: the platform administrator's bodies, and each body administrator's settings.
    path("", include("core.urls.platform")),
    path("", include("core.urls.settings")),
    path("", include("core.urls.users")),
    path("", include("core.urls.organisation")),
    path("", include("core.urls.security")),
    # Accounts: log-in links, passwords, and the office's pages for deputies' and units' accounts.
    path("", include("core.urls.accounts")),
    path("", include("core.urls.notifications")),
    path("", include("reports.urls")),  # the directors' dashboard and the year-end summary  # reminders: own list, settings, the sending log
    # The portal of deputies and handling units, and the public disclosure pages (no log-in).
    path("portal/", views.portal_home, name="portal-home"),
    path("portal/deputy/", include("deputies.portal_deputy.urls")),
    path("portal/unit/", include("deputies.portal_unit.urls")),
    path("portal/unit/", include("supervision.urls_portal")),
    path("public/", include("deputies.public.urls")),
    path("", include("plans.urls")),
    path("", include("meetings.urls")),
    path("", include("supervision.urls")),
    path("", include("deputies.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("renda.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Under the app's own Content Security Policy: templates/drf_spectacular/swagger_ui.html has no inline style.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

# Unrouted addresses under /api/ answer JSON like the API's other 404s (core/api/not_found.py).
handler404 = "core.api.not_found.not_found"
