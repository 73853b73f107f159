from rest_framework import serializers

from core.api.fields import ChoiceLabelField, id_child
from meetings.models import AgendaItem, Meeting


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


class MeetingWriteSerializer(serializers.Serializer):
    """Meeting fields as the page's MeetingForm takes them (same validation)."""

    kind = serializers.CharField()
    term = serializers.IntegerField(help_text="届的编号（id），不是届次")
    number = serializers.IntegerField()
    year = serializers.IntegerField()
    planned_month = serializers.IntegerField(required=False, allow_null=True)
    date = serializers.DateField(required=False, allow_null=True)
    place = serializers.CharField(required=False, allow_blank=True, default="")
    status = serializers.CharField(required=False, default="planned")


class AgendaItemWriteSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(required=False)
    title = serializers.CharField()
    form = serializers.CharField(required=False, default="hear_review")
    has_inquiry = serializers.BooleanField(required=False, default=False)
    has_evaluation = serializers.BooleanField(required=False, default=False)
    reporting_bodies = serializers.ListField(child=id_child(), required=False, default=list)
    committees = serializers.ListField(child=id_child(), required=False, default=list)
    plan_items = serializers.ListField(child=id_child(), required=False, default=list)


class AgendaItemDetailSerializer(AgendaItemSerializer):
    meeting = serializers.PrimaryKeyRelatedField(read_only=True)
    committees = serializers.SlugRelatedField(many=True, read_only=True, slug_field="short_name")
    outcome_display = ChoiceLabelField("outcome")

    class Meta(AgendaItemSerializer.Meta):
        fields = AgendaItemSerializer.Meta.fields + [
            "meeting", "committees", "outcome", "outcome_display", "resolution_title", "appointments", "removals",
        ]


class ReorderSerializer(serializers.Serializer):
    order = serializers.ListField(child=id_child(), help_text="本次会议全部议题的 id，按新顺序")


class MoveSerializer(serializers.Serializer):
    meeting = serializers.IntegerField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
