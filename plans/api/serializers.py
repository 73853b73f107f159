from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import ChoiceLabelField, id_child
from plans.models import AnnualPlan, PlanEntry, PlanItem


class AnnualPlanSerializer(serializers.ModelSerializer):
    kind_display = ChoiceLabelField("kind")
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
    form_display = ChoiceLabelField("form")
    status_display = ChoiceLabelField("status")
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


class PlanItemWriteSerializer(serializers.Serializer):
    """Create or edit an item through the API; validated by the same PlanItemForm as the page."""

    title = serializers.CharField()
    focus = serializers.CharField(required=False, allow_blank=True, default="")
    form = serializers.CharField()
    timing_kind = serializers.CharField()
    start_month = serializers.IntegerField(required=False, allow_null=True)
    end_month = serializers.IntegerField(required=False, allow_null=True)
    quarter = serializers.IntegerField(required=False, allow_null=True)
    timing_note = serializers.CharField(required=False, allow_blank=True, default="")
    to_standing_meeting = serializers.BooleanField(required=False, default=False)
    to_chairpersons_meeting = serializers.BooleanField(required=False, default=False)
    all_committees_help = serializers.BooleanField(required=False, default=False)
    reporting_bodies = serializers.ListField(child=id_child(), required=False, default=list)
    lead_committees = serializers.ListField(child=id_child(), required=False, default=list)
    helper_committees = serializers.ListField(child=id_child(), required=False, default=list)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    # On create: the plan (and section, number) the item is added to.
    plan = serializers.IntegerField(required=False)
    section = serializers.IntegerField(required=False, allow_null=True)
    number = serializers.CharField(required=False, allow_blank=True, default="")
    # On update: the version the caller read; an older one is refused with 409.
    version = serializers.IntegerField(required=False)

    def form_data(self) -> dict:
        data = dict(self.validated_data)
        for key in ("start_month", "end_month", "quarter"):
            data[key] = "" if data.get(key) is None else data[key]
        for key in ("to_standing_meeting", "to_chairpersons_meeting", "all_committees_help"):
            if not data.get(key):
                data.pop(key, None)  # an unchecked checkbox is absent from form data
        return data


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.CharField()
    progress = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)
    postponed_to_month = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=12)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField()


