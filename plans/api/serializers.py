from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import ChoiceLabelField
from core.api.validated import (
    NOT_A_LIST,
    NOT_ONE_OF_THE_OBJECTS,
    PageChoiceField,
    PageWordedSerializer,
    PickedNumberField,
    ValidatedModelSerializer,
)
from core.api.versioned import VERSION_NEEDED
from core.models import Committee
from plans import editing
from plans.models import AnnualPlan, PlanEntry, PlanItem, PlanItemStatus, Section


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


class FormListField(serializers.ListField):
    """Supervision forms by their values, as the page's checkboxes send them (null is none ticked); which forms
    an item may carry is PlanItem.clean()'s to say, in the page's words."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.CharField(), **kwargs)
        self.error_messages["not_a_list"] = NOT_A_LIST

    def run_validation(self, data=serializers.empty):
        return super().run_validation([] if data is None else data)


class PlanItemSerializer(serializers.ModelSerializer):
    form_display = ChoiceLabelField("form")
    extra_forms = serializers.ListField(child=serializers.CharField(), read_only=True)
    forms_display = serializers.CharField(read_only=True)
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
            "id", "year", "title", "focus", "form", "form_display", "extra_forms", "forms_display", "timing",
            "reporting_bodies", "lead_committees", "helping_committees", "all_committees_help", "to_standing_meeting",
            "to_chairpersons_meeting", "is_principle", "status", "status_display", "progress", "overdue", "version",
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


class PlanItemWriteSerializer(ValidatedModelSerializer):
    """Create or edit an item through the API: the page's fields, validated by the model and plans.editing as
    the page's PlanItemForm is. Everything not sent is cleared, as a submitted form clears it."""

    start_month = PickedNumberField(low=1, high=12, required=False, allow_null=True, default=None)
    end_month = PickedNumberField(low=1, high=12, required=False, allow_null=True, default=None)
    quarter = PickedNumberField(low=1, high=4, required=False, allow_null=True, default=None)
    extra_forms = FormListField(required=False, default=list)
    lead_committees = PageChoiceField(many=True, queryset=Committee.objects, required=False, default=list)
    helper_committees = PageChoiceField(many=True, queryset=Committee.objects, required=False, default=list)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    # On create: the plan (and section, number) the item is added to.
    plan = serializers.IntegerField(required=False)
    section = serializers.IntegerField(required=False, allow_null=True)
    number = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    # On update: the version the caller read; an older one is refused with 409.
    version = serializers.IntegerField(required=False)

    class Meta:
        model = PlanItem
        fields = [*editing.ITEM_FIELDS, "lead_committees", "helper_committees", "note", "plan", "section", "number",
                  "version"]
        inputs = ["note", "plan", "section", "number", "version"]
        extra_kwargs = {
            "focus": {"default": ""}, "timing_note": {"default": ""}, "reporting_bodies": {"default": list},
            "to_standing_meeting": {"default": False}, "to_chairpersons_meeting": {"default": False},
            "all_committees_help": {"default": False}, "is_principle": {"default": False},
        }

    def choices(self):
        return editing.item_choices()

    def more_errors(self, attrs, item):
        errors = editing.committee_errors(attrs.get("lead_committees", []), attrs.get("helper_committees", []))
        if item.pk is not None:
            if attrs.get("version") is None:
                errors["version"] = [VERSION_NEEDED.format(what=PlanItem._meta.verbose_name)]
            return errors
        # A new item is filed in a plan of the caller's body (on the page: the plan whose page it is).
        plan = AnnualPlan.objects.filter(pk=attrs.get("plan")).first() if attrs.get("plan") else None
        if plan is None:
            errors["plan"] = ["请指定事项所属的计划（本常委会的计划编号）。"]
        attrs["plan"] = plan
        section = attrs.get("section")
        if section is not None:
            attrs["section"] = Section.objects.filter(plan=plan, pk=section).first() if plan else None
            if attrs["section"] is None and plan is not None:
                errors["section"] = [NOT_ONE_OF_THE_OBJECTS]  # as the page's choice of the plan's sections
        return errors


class StatusChangeSerializer(PageWordedSerializer):
    """The page's status form (plans.forms.StatusForm) as JSON; plans.workflow.change_status judges the step."""

    status = serializers.ChoiceField(choices=PlanItemStatus.choices)
    progress = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)
    postponed_to_month = PickedNumberField(low=1, high=12, required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    version = serializers.IntegerField()
