"""Log-in with a slow-down before the lock-out that django-axes applies."""

from datetime import timedelta

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db.models import Q
from django.utils import timezone


def seconds_until_next_attempt(username: str, ip_address: str | None) -> int:
    """How long a client must wait before its next try: doubles with each failure past the threshold."""
    match = Q(username=username) if username else Q(pk__in=[])
    if ip_address:
        match |= Q(ip_address=ip_address)
    attempt = AccessAttempt.objects.filter(match).order_by("-failures_since_start").first()
    if attempt is None or attempt.failures_since_start < settings.AXES_SLOWDOWN_AFTER:
        return 0
    excess = attempt.failures_since_start - settings.AXES_SLOWDOWN_AFTER
    wait = timedelta(seconds=settings.AXES_SLOWDOWN_SECONDS * (2**excess))
    remaining = attempt.attempt_time + wait - timezone.now()
    return max(0, int(remaining.total_seconds() + 0.999))


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        wait = seconds_until_next_attempt(request.POST.get("username", ""), get_client_ip_address(request))
        if wait:
            # Refused before authenticating, so the wait itself adds no failure.
            context = self.get_context_data(
                form=self.form_class(request), throttle_message=f"登录失败次数较多，请 {wait} 秒后再试。"
            )
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)
