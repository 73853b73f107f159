"""Django's admin for the platform administrator: API tokens, read only (a key is shown once, when a
body's administrator issues it on /settings/tokens/; here one sees which exist and can revoke them)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from core import models
from core.admin_base import BodyOwnedAdmin, SameBodyAdmin, SameBodyInline
from core.api_tokens import revoke
from core.models import ApiToken
from core.signals import body_rules_saved


@admin.register(ApiToken)
class ApiTokenAdmin(BodyOwnedAdmin):
    list_display = ("name", "user", "key_prefix", "created_at", "created_by", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    readonly_fields = ("body", "user", "name", "key_prefix", "created_at", "created_by", "last_used_at", "revoked_at")
    exclude = ("key_digest",)
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="作废所选令牌")
    def revoke(self, request, queryset):
        count = sum(revoke(token, request.user) for token in queryset.select_related("user"))
        self.message_user(request, f"已作废 {count} 个令牌。")


@admin.register(models.Body)
class BodyAdmin(admin.ModelAdmin):
    """Bodies are created on the platform's own pages (/platform/), which also set up committees and rules."""

    list_display = ("name", "level", "parent")


@admin.register(models.Term)
class TermAdmin(BodyOwnedAdmin):
    list_display = ("__str__", "start", "end")


@admin.register(models.Committee)
class CommitteeAdmin(BodyOwnedAdmin):
    list_display = ("name", "short_name", "kind", "paired_with", "active", "order")
    list_filter = ("kind", "active")
    search_fields = ("name", "short_name")


@admin.register(models.ReportingBody)
class ReportingBodyAdmin(BodyOwnedAdmin):
    list_display = ("name", "kind", "valid_from", "valid_to", "order")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(models.CommitteeMembership)
class CommitteeMembershipAdmin(SameBodyAdmin):
    list_display = ("user", "committee", "role")


class BodyMembershipInline(SameBodyInline):
    model = models.BodyMembership
    extra = 0
    max_num = 1


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class BodyUserAdmin(UserAdmin):
    """Every body's users, for the platform administrator; a body's own administrator uses /settings/users/."""

    inlines = [BodyMembershipInline]
    list_display = ("username", "first_name", "is_active", "is_superuser", "bodies")
    list_filter = ("is_active", "is_superuser", "groups", "body_memberships__body")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("body_memberships__body")

    @admin.display(description="所属人大常委会")
    def bodies(self, user):
        return "、".join(m.body.name for m in user.body_memberships.all()) or "—（平台管理员）"


@admin.register(models.BodyRules)
class BodyRulesAdmin(BodyOwnedAdmin):
    """The body's deadline rules (DOMAIN.md defaults). Saving recomputes the open deadlines of coming meetings."""

    list_display = (
        "__str__", "research_start_days", "findings_days", "report_draft_days", "committee_answer_days",
        "revised_report_days", "materials_days",
    )

    def has_add_permission(self, request):
        # One row per body (created with the defaults on first use).
        body = getattr(request, "renda_body", None)
        if body is None or models.BodyRules.objects.filter(body=body).exists():
            return False
        return super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        count = sum(answer or 0 for _receiver, answer in body_rules_saved.send(type(obj), body=obj.body))
        if count:
            self.message_user(request, f"已按新规则重新计算 {count} 次会议的未完成材料报送期限。")
