from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from plans import models
from renda.admin_base import BodyOwnedAdmin


@admin.register(models.Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "parent")

    def get_queryset(self, request):
        # Body is the scope itself, so it is filtered here by hand.
        return super().get_queryset(request).filter(pk=getattr(request.renda_body, "pk", None))


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


class AgendaItemInline(admin.TabularInline):
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
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ("meeting", "order", "title", "form", "has_inquiry", "has_evaluation")
    list_filter = ("form", "has_inquiry", "has_evaluation")
    search_fields = ("title",)
    filter_horizontal = ("plan_items", "reporting_bodies")


class SectionInline(admin.TabularInline):
    model = models.Section
    extra = 0


@admin.register(models.AnnualPlan)
class AnnualPlanAdmin(BodyOwnedAdmin):
    list_display = ("title", "year", "kind", "status", "adopted_at", "adopted_on")
    list_filter = ("year", "kind", "status")
    inlines = [SectionInline]


class ItemCommitteeInline(admin.TabularInline):
    model = models.ItemCommittee
    extra = 0


class PlanEntryInline(admin.TabularInline):
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
class SectionAdmin(admin.ModelAdmin):
    list_display = ("heading", "plan", "order", "declared_count")


@admin.register(models.StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ("item", "from_status", "to_status", "by", "at")
    readonly_fields = ("item", "from_status", "to_status", "by", "at", "note")


@admin.register(models.CommitteeMembership)
class CommitteeMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "committee", "role")


class BodyMembershipInline(admin.TabularInline):
    model = models.BodyMembership
    extra = 0
    max_num = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["queryset"] = models.Body.objects.filter(pk=getattr(request.renda_body, "pk", None))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class BodyUserAdmin(UserAdmin):
    """Users are listed per body: an administrator manages the accounts of their own body."""

    inlines = [BodyMembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(body_memberships__body=getattr(request, "renda_body", None))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not form.instance.body_memberships.exists() and request.renda_body is not None:
            models.BodyMembership.objects.create(user=form.instance, body=request.renda_body)


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
