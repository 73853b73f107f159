"""Request-wide rules: every page needs a log-in, and every query is scoped to the user's body."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django_scopes import scope, scopes_disabled

from core.bodies import body_for_user
from core.external import require_staff_path
from core.roles import is_platform_admin

# The session key set at log-in while the account still has its initial password (core.accounts).
MUST_CHANGE_PASSWORD = "renda_must_change_password"
PASSWORD_PAGES = ("/accounts/password/", "/accounts/logout/", "/static/", "/favicon.ico")

# Paths that answer without a log-in. The API answers 401/403 itself instead of redirecting. The calendar
# feeds' secret is their credential (calendar programs cannot log in); the 日历订阅 page and renewing a link
# under /calendar/ ask for the log-in themselves (reports/calendars/views.py).
PUBLIC_PREFIXES = ("/accounts/login/", "/accounts/setup/", "/public/", "/api/", "/static/", "/favicon.ico",
                   "/calendar/")


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class BodyScopeMiddleware:
    """Activates the django-scopes scope of the user's body for the whole request.

    Scoped managers raise when no scope is active, so a query written without thinking of
    bodies fails loudly instead of leaking another body's rows. Users without a body (and
    anonymous users) get an empty scope: they see nothing. API requests authenticated by
    token are scoped again in core.api.views.BodyScopedViewSetMixin, after DRF has
    authenticated them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        body = body_for_user(request.user)
        request.renda_body = body
        if body is None and is_platform_admin(request.user):
            return self._platform_admin(request)
        with scope(body=body if body is not None else []):
            return self.get_response(request)

    def _platform_admin(self, request):
        """A platform administrator belongs to no body: their pages work across bodies; a body's
        pages would show nothing, so they are sent to the platform's page with the reason."""
        if request.path.startswith(PLATFORM_PREFIXES):
            with scopes_disabled():
                return self.get_response(request)
        if request.path.startswith(PUBLIC_PREFIXES + PASSWORD_PAGES):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": PLATFORM_ADMIN_NO_BODY}, status=403)
            with scope(body=[]):
                return self.get_response(request)
        messages.info(request, PLATFORM_ADMIN_NO_BODY)
        return redirect("platform-bodies")


PLATFORM_PREFIXES = ("/platform/", "/admin/")
PLATFORM_ADMIN_NO_BODY = (
    "平台管理员不属于任何人大常委会，不能打开某一级人大常委会的工作页面。"
    "请在“人大常委会”页面创建人大常委会并任命其系统管理员，日常工作请用该级的账号登录。"
)


class ExternalUsersMiddleware:
    """Deputies and units' contacts: their portal only; everyone: a new password before anything else.

    The API confines token callers itself (core.api.authentication); pages are confined here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith("/api/"):
            if request.session.get(MUST_CHANGE_PASSWORD) and not request.path.startswith(PASSWORD_PAGES):
                return redirect("password-change")
            require_staff_path(user, request.path)
        return self.get_response(request)
