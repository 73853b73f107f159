"""Who may open the set-up pages: a body's administrator (/settings/) and the platform administrator (/platform/).

Every settings and platform view calls one of these first; they raise PermissionDenied with the
reason in Chinese, which the 403 page shows.
"""

from django.core.exceptions import PermissionDenied

from core.roles import is_body_admin, is_platform_admin

BODY_ADMINS_ONLY = "只有本级人大常委会的系统管理员可以进行这项设置。"
PLATFORM_ADMINS_ONLY = "只有平台管理员（不属于任何人大常委会的超级用户）可以创建和管理人大常委会。"


def require_body_admin(request):
    """The request's body, when its user administers it; else PermissionDenied."""
    if not is_body_admin(request.user) or request.renda_body is None:
        raise PermissionDenied(BODY_ADMINS_ONLY)
    return request.renda_body


def require_platform_admin(request) -> None:
    if not is_platform_admin(request.user):
        raise PermissionDenied(PLATFORM_ADMINS_ONLY)
