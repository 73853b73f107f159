from django.contrib import admin

from core.admin_base import BodyOwnedAdmin, SameBodyAdmin, SameBodyInline
from meetings import models


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
        from meetings.materials import recompute_meeting

        recompute_meeting(form.instance)  # a date changed here moves the open materials deadlines too


@admin.register(models.AgendaItem)
class AgendaItemAdmin(SameBodyAdmin):
    list_display = ("meeting", "order", "title", "form", "has_inquiry", "has_evaluation")
    list_filter = ("form", "has_inquiry", "has_evaluation")
    search_fields = ("title",)
    filter_horizontal = ("plan_items", "reporting_bodies")
