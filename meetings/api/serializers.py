from rest_framework import serializers

from core.api.fields import ChoiceLabelField, id_child
from core.api.validated import ValidatedModelSerializer
from core.api.versioned import VersionField
from meetings import agenda
from meetings.models import AgendaItem, Meeting, MeetingKind

AGENDA_ITEM_M2M = ("reporting_bodies", "committees", "plan_items")  # what the page's form and the API change


class AgendaItemSerializer(serializers.ModelSerializer):
    form_display = ChoiceLabelField("form")
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
    kind_display = ChoiceLabelField("kind")
    status_display = ChoiceLabelField("status")
    agenda_count = serializers.IntegerField(read_only=True)
    version = VersionField()

    class Meta:
        model = Meeting
        fields = [
            "id", "title", "kind", "kind_display", "term", "number", "year", "planned_month", "date",
            "date_assumed", "place", "status", "status_display", "members_in_office", "members_present",
            "agenda_count", "version",
        ]


class MeetingDetailSerializer(MeetingSerializer):
    agenda_items = AgendaItemSerializer(many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = MeetingSerializer.Meta.fields + ["agenda_items"]


class MeetingWriteSerializer(ValidatedModelSerializer):
    """A meeting's fields as the page's MeetingForm takes them, validated by the model as the form is (Meeting.clean).
    Everything not sent is cleared, as a submitted form clears it."""

    kind = serializers.ChoiceField(choices=MeetingKind.choices)  # required, as on the page, despite the model's default

    class Meta:
        model = Meeting
        fields = agenda.MEETING_FIELDS
        extra_kwargs = {
            "term": {"help_text": "届的编号（id），不是届次"},
            "planned_month": {"default": None}, "date": {"default": None}, "place": {"default": ""},
            "status": {"default": Meeting.Status.PLANNED},
        }

    def choices(self):
        return agenda.meeting_choices()


class AgendaItemWriteSerializer(ValidatedModelSerializer):
    """An agenda item's fields as the page's AgendaItemForm takes them; `meeting` on create (the view reads it)."""

    meeting = serializers.IntegerField(required=False, help_text="新建时：本常委会的会议（id）")

    class Meta:
        model = AgendaItem
        fields = ["meeting", *agenda.AGENDA_ITEM_FIELDS]
        inputs = ["meeting"]
        extra_kwargs = {
            "form": {"default": AgendaItem.Form.HEAR_AND_REVIEW}, "has_inquiry": {"default": False},
            "has_evaluation": {"default": False}, "reporting_bodies": {"default": list},
            "committees": {"default": list}, "plan_items": {"default": list},
        }

    def choices(self):
        return agenda.item_choices(self.instance.meeting if self.instance.meeting_id else None)


class AgendaItemDetailSerializer(AgendaItemSerializer):
    meeting = serializers.PrimaryKeyRelatedField(read_only=True)
    committees = serializers.SlugRelatedField(many=True, read_only=True, slug_field="short_name")
    outcome_display = ChoiceLabelField("outcome")
    version = VersionField(m2m=AGENDA_ITEM_M2M)

    class Meta(AgendaItemSerializer.Meta):
        fields = AgendaItemSerializer.Meta.fields + [
            "meeting", "committees", "outcome", "outcome_display", "resolution_title", "appointments", "removals",
            "version",
        ]


class ReorderSerializer(serializers.Serializer):
    order = serializers.ListField(child=id_child(), help_text="本次会议全部议题的 id，按新顺序")


class MoveSerializer(serializers.Serializer):
    meeting = serializers.IntegerField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
