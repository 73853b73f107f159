from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from plans import models
from renda.admin_base import BodyOwnedAdmin, SameBodyAdmin, SameBodyInline


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


class AgendaItemInline(SameBodyInline):
    model = models.AgendaItem
    fields = ("order", "title", "form", "has_inquiry", "has_evaluation")
    extra = 0


@admin.register(models.Meeting)
class MeetingAdmin(BodyOwnedAdmin):
    list_display = ("__str__", "kind", "year", "date", "status")
    list_filter = ("kind", "year", "status")
    inlines = [AgendaItemInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        from plans.materials import recompute_meeting

        recompute_meeting(form.instance)  # a date changed here moves the open materials deadlines too


@admin.register(models.AgendaItem)
class AgendaItemAdmin(SameBodyAdmin):
    list_display = ("meeting", "order", "title", "form", "has_inquiry", "has_evaluation")
    list_filter = ("form", "has_inquiry", "has_evaluation")
    search_fields = ("title",)
    filter_horizontal = ("plan_items", "reporting_bodies")


class SectionInline(SameBodyInline):
    model = models.Section
    extra = 0


@admin.register(models.AnnualPlan)
class AnnualPlanAdmin(BodyOwnedAdmin):
    list_display = ("title", "year", "kind", "status", "adopted_at", "adopted_on")
    list_filter = ("year", "kind", "status")
    inlines = [SectionInline]


class ItemCommitteeInline(SameBodyInline):
    model = models.ItemCommittee
    extra = 0


class PlanEntryInline(SameBodyInline):
    model = models.PlanEntry
    extra = 0


@admin.register(models.PlanItem)
class PlanItemAdmin(BodyOwnedAdmin):
    list_display = ("title", "year", "form", "timing_kind", "status", "progress")
    list_per_page = 50  # as the item list, so bench/run.py compares like with like
    list_filter = ("year", "form", "status", "timing_kind")
    search_fields = ("title", "focus")
    filter_horizontal = ("reporting_bodies",)
    inlines = [ItemCommitteeInline, PlanEntryInline]


@admin.register(models.Section)
class SectionAdmin(SameBodyAdmin):
    list_display = ("heading", "plan", "order", "declared_count")


@admin.register(models.StatusChange)
class StatusChangeAdmin(SameBodyAdmin):
    list_display = ("item", "from_status", "to_status", "by", "at")
    readonly_fields = ("item", "from_status", "to_status", "by", "at", "note")


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
        from plans.materials import recompute_body

        count = recompute_body(obj.body)
        if count:
            self.message_user(request, f"已按新规则重新计算 {count} 次会议的未完成材料报送期限。")
