from django.conf import settings

from core.roles import is_platform_admin, role_labels


def current_body(request):
    user = getattr(request, "user", None)
    return {
        "demo_today": settings.DEMO_TODAY,  # the demo's date, said on every page (core/demo_clock.py)
        "current_body": getattr(request, "renda_body", None),
        "current_roles": role_labels(user) if user is not None else [],
        "is_platform_admin": user is not None and is_platform_admin(user),
    }


def navigation(request):
    from core.navigation import navigation as build

    return build(request) if getattr(request, "user", None) is not None and request.user.is_authenticated else {}


def unread_notifications(request):
    """The header's unread count, counted only when a page shows it (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        if not hasattr(request, "_unread_notifications"):
            request._unread_notifications = user.notifications.filter(read_at__isnull=True).count()
        return request._unread_notifications

    return {"unread_notifications": count}
