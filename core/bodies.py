"""Which standing committee (body) a user works for."""

from django.utils import timezone

from core.models import Body, ReportingBody


def body_for_user(user) -> Body | None:
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_renda_body", False)
    if cached is not False:
        return cached
    membership = user.body_memberships.select_related("body").order_by("id").first()
    user._renda_body = membership.body if membership else None
    return user._renda_body


def handling_units():
    today = timezone.localdate()
    return ReportingBody.objects.exclude(valid_to__lt=today).order_by("order", "pk")
