"""Django's admin for the platform administrator: API tokens, read only (a key is shown once, when a
body's administrator issues it on /settings/tokens/; here one sees which exist and can revoke them)."""

from django.contrib import admin
from renda.admin_base import BodyOwnedAdmin
from renda.api_tokens import revoke
from renda.models import ApiToken


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
