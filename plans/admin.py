from django.contrib import admin

from core.admin_base import BodyOwnedAdmin, SameBodyAdmin, SameBodyInline
from plans import models


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
