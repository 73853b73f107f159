"""Django's admin is the platform administrators' tool: superusers who belong to no body.

A body's administrator sets up their own body on the Chinese pages under /settings/; nobody who
belongs to a body reaches /admin/, so no admin list, form or choice can show one body another's
rows. Platform administrators work across bodies by design; the admin still refuses a record that
points into another body than its own (core.admin_base.BodyOwnedAdmin).
"""

from axes.apps import AppConfig as AxesAppConfig
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils import timezone


class PlatformAdminSite(admin.AdminSite):
    site_header = "人大常委会工作管理系统 · 平台后台"
    site_title = "人大常委会工作管理系统 · 平台后台"
    index_title = "数据维护（平台管理员）"

    def has_permission(self, request):
        from core.roles import is_platform_admin

        return is_platform_admin(request.user)


class PlatformAdminConfig(AdminConfig):
    default_site = "core.admin_site.PlatformAdminSite"


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else "—"


def _attempt(self) -> str:
    return f"{self.username or '（未填用户名）'} 的登录尝试（{self.ip_address}，最近 {_when(self.attempt_time)}）"


def _failure(self) -> str:
    locked = "，已锁定" if self.locked_out else ""
    return f"{self.username or '（未填用户名）'} 登录失败（{self.ip_address}，{_when(self.attempt_time)}{locked}）"


def _log(self) -> str:
    return f"{self.username} 的登录记录（{self.ip_address}，{_when(self.attempt_time)}）"


class AxesConfig(AxesAppConfig):
    """django-axes under a Chinese heading; its field labels come from locale/zh_Hans.

    What the package writes without translation is put into Chinese here: how its records are named on the
    admin pages (their __str__, in English with UTC times) and its access attempts' status column and clean-up
    message.
    """

    verbose_name = "登录保护"

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        AccessAttempt.__str__ = _attempt
        AccessFailureLog.__str__ = _failure
        AccessLog.__str__ = _log
        _chinese_attempt_admin(AccessAttempt)


def _chinese_attempt_admin(model) -> None:
    """django-axes' AccessAttemptAdmin with its status and clean-up message in Chinese (the admin registers it
    before this app is ready: PlatformAdminConfig comes first in INSTALLED_APPS)."""
    from axes.admin import AccessAttemptAdmin
    from axes.conf import settings as axes_settings

    site = admin.site
    if not site.is_registered(model) or not isinstance(site.get_model_admin(model), AccessAttemptAdmin):
        return

    class ChineseAccessAttemptAdmin(AccessAttemptAdmin):
        @admin.action(description="清理已过期的尝试记录")
        def cleanup_expired_attempts(self, request, queryset):
            count = self.handler.clean_expired_user_attempts(request=request)
            self.message_user(request, f"已清理 {count} 条过期的登录尝试记录。")

        @admin.display(description="状态")
        def status(self, obj):
            limit = axes_settings.AXES_FAILURE_LIMIT
            if not isinstance(limit, int) or obj.failures_since_start >= limit:
                return "已锁定"
            return f"还可尝试 {limit - obj.failures_since_start} 次"

        @admin.display(description="失效时间")
        def expiration(self, obj):
            return obj.expiration.expires_at if hasattr(obj, "expiration") else "未设置"

    site.unregister(model)
    site.register(model, ChineseAccessAttemptAdmin)
