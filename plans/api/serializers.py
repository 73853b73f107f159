from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from plans.models import AgendaItem, AnnualPlan, Committee, Meeting, PlanEntry, PlanItem, ReportingBody


class CommitteeSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Committee
        fields = ["id", "name", "short_name", "aliases", "kind", "kind_display", "paired_with", "active"]


class ReportingBodySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = ReportingBody
        fields = ["id", "name", "kind", "kind_display", "valid_from", "valid_to"]


class AgendaItemSerializer(serializers.ModelSerializer):
    form_display = serializers.CharField(source="get_form_display", read_only=True)
    reporting_bodies = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    plan_items = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id", "order", "title", "form", "form_display", "has_inquiry", "has_evaluation",
            "reporting_bodies", "plan_items",
        ]


class MeetingSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    term = serializers.IntegerField(source="term.number", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    agenda_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id", "title", "kind", "kind_display", "term", "number", "year", "planned_month", "date",
            "date_assumed", "place", "status", "status_display", "members_in_office", "members_present",
            "agenda_count",
        ]


class MeetingDetailSerializer(MeetingSerializer):
    agenda_items = AgendaItemSerializer(many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = MeetingSerializer.Meta.fields + ["agenda_items"]


class AnnualPlanSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = AnnualPlan
        fields = ["id", "year", "kind", "kind_display", "title", "status", "adopted_at", "adopted_on", "item_count"]


class PlanEntrySerializer(serializers.ModelSerializer):
    plan_kind = serializers.CharField(source="plan.kind", read_only=True)
    section = serializers.CharField(source="section.heading", read_only=True, default="")

    class Meta:
        model = PlanEntry
        fields = ["plan", "plan_kind", "section", "number"]


class PlanItemSerializer(serializers.ModelSerializer):
    form_display = serializers.CharField(source="get_form_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    timing = serializers.SerializerMethodField()
    reporting_bodies = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    lead_committees = serializers.SerializerMethodField()
    helping_committees = serializers.SerializerMethodField()
    entries = PlanEntrySerializer(many=True, read_only=True)
    agenda_items = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = PlanItem
        fields = [
            "id", "year", "title", "focus", "form", "form_display", "timing", "reporting_bodies",
            "lead_committees", "helping_committees", "all_committees_help", "to_standing_meeting",
            "to_chairpersons_meeting", "status", "status_display", "progress", "overdue", "version",
            "entries", "agenda_items",
        ]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_timing(self, item) -> dict:
        due = item.timing.due_date()
        return {
            "kind": item.timing_kind,
            "label": item.timing.label(),
            "start_month": item.start_month,
            "end_month": item.end_month,
            "quarter": item.quarter,
            "due_date": due.isoformat() if due else None,
            "note": item.timing_note,
        }

    def _committees(self, item, role) -> list[str]:
        return [r.committee.short_name for r in item.responsibilities.all() if r.role == role]

    def get_lead_committees(self, item) -> list[str]:
        return self._committees(item, "lead")

    def get_helping_committees(self, item) -> list[str]:
        return self._committees(item, "helper")

    def get_overdue(self, item) -> bool:
        return item.is_overdue()
