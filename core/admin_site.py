"""Django's admin is the platform administrators' tool: superusers who belong to no body.

A body's administrator sets up their own body on the Chinese pages under /settings/; nobody who
belongs to a body reaches /admin/, so no admin list, form or choice can show one body another's
rows. Platform administrators work across bodies by design; the admin still refuses a record that
points into another body than its own (core.admin_base.BodyOwnedAdmin).
"""

from axes.apps import AppConfig as AxesAppConfig
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class PlatformAdminSite(admin.AdminSite):
    site_header = "人大常委会工作管理系统 · 平台后台"
    site_title = "renda 平台后台"
    index_title = "数据维护（平台管理员）"

    def has_permission(self, request):
        from core.roles import is_platform_admin

        return is_platform_admin(request.user)


class PlatformAdminConfig(AdminConfig):
    default_site = "core.admin_site.PlatformAdminSite"


class AxesConfig(AxesAppConfig):
    """django-axes under a Chinese heading; its field labels come from locale/zh_Hans."""

    verbose_name = "登录保护"
