"""Where deputies and handling units' contacts may go: their portal, the public pages, their API.

Everything else of the app (plans, meetings, the roster, supervision, settings) is staff work and
answers them 403, whatever a page's own checks say. Pages are confined by
renda.middleware.ExternalUsersMiddleware, the API by renda.api.authentication for token and
session callers alike, so a route added later is closed to them until it is listed here.
"""

from django.core.exceptions import PermissionDenied

from renda.roles import is_external

# Pages: the portal, the public disclosure pages, the account pages (log-out, password) and their
# own notifications (the views only ever show the caller's own).
EXTERNAL_PAGE_PREFIXES = ("/portal/", "/public/", "/accounts/", "/notifications/", "/static/", "/favicon.ico")
# API: the suggestions a deputy or unit is party to (the viewset filters them), the portal's own,
# and their own notifications.
EXTERNAL_API_PREFIXES = ("/api/v1/suggestions/", "/api/v1/portal/", "/api/v1/notifications/")

REFUSED = "此页面供常委会工作人员使用。人大代表和承办单位请使用“我的工作台”。"


def may_visit(user, path: str) -> bool:
    if not is_external(user):
        return True
    return path == "/" or path.startswith(EXTERNAL_PAGE_PREFIXES) or path.startswith(EXTERNAL_API_PREFIXES)


def require_staff_path(user, path: str) -> None:
    if not may_visit(user, path):
        raise PermissionDenied(REFUSED)
