"""Where deputies and handling units' contacts may go: their portal, the public pages, their API.

Everything else of the app (plans, meetings, the roster, supervision, settings) is staff work and
answers them 403, whatever a page's own checks say. Pages are confined by
core.middleware.ExternalUsersMiddleware, the API by core.api.authentication for token and
session callers alike, so a route added later is closed to them until it is listed here.
"""

from django.core.exceptions import PermissionDenied

from core.models import UnitContact
from core.roles import is_external, is_unit_contact

# Pages: the portal, the public disclosure pages, the account pages (log-out, password) and their
# own notifications and calendar feeds (the views only ever show the caller's own).
EXTERNAL_PAGE_PREFIXES = ("/portal/", "/public/", "/accounts/", "/notifications/", "/calendar/", "/static/",
                          "/favicon.ico")
# API: the suggestions a deputy or unit is party to (the viewset filters them), the portal's own,
# and their own notifications and calendar feed links.
EXTERNAL_API_PREFIXES = ("/api/v1/suggestions/", "/api/v1/portal/", "/api/v1/notifications/", "/api/v1/calendar-feeds/",
                         # a deputy's own duty record and declarations (deputies/duty/api.py refuses units)
                         "/api/v1/duty-records/", "/api/v1/declared-activities/")

REFUSED = "此页面供常委会工作人员使用。人大代表和承办单位请使用“我的工作台”。"


def may_visit(user, path: str) -> bool:
    if not is_external(user):
        return True
    return path == "/" or path.startswith(EXTERNAL_PAGE_PREFIXES) or path.startswith(EXTERNAL_API_PREFIXES)


def require_staff_path(user, path: str) -> None:
    if not may_visit(user, path):
        raise PermissionDenied(REFUSED)


UNIT_CONTACTS_ONLY = "此页面供承办单位联系人使用。"


NO_UNIT = "您的账号尚未关联承办单位（或已停用），请联系常委会办公室。"


def my_unit(request):
    """The reporting body the logged-in contact works for (request.unit_contact is set); 403 otherwise."""
    if not request.user.is_authenticated or not is_unit_contact(request.user):
        raise PermissionDenied(UNIT_CONTACTS_ONLY)
    contact = getattr(request, "unit_contact", None)
    if contact is None:
        contact = UnitContact.objects.filter(user=request.user, active=True).select_related("unit").first()
        if contact is None:
            raise PermissionDenied(NO_UNIT)
        request.unit_contact = contact
    return contact.unit
