"""Serializers of the roster API. Deputies come in two shapes: without contact details (every role)
and with them (the office, deputies.permissions.can_see_contacts); the first has no phone or address
key at all. Writes go through deputies.roster.forms, as the pages do."""

from rest_framework import serializers

from core.api.fields import ChoiceLabelField
from deputies.models import Deputy, Reception, Station
from deputies.stations.receptions import COUNT


class StationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Station
        fields = ["id", "number", "name"]
        read_only_fields = fields


class DeputySerializer(serializers.ModelSerializer):
    gender_display = ChoiceLabelField("gender")
    status_display = ChoiceLabelField("status")
    levels = serializers.ListField(source="level_labels", child=serializers.CharField(), read_only=True,
                                   help_text="如 [\"区\", \"市\"]")
    station_detail = StationBriefSerializer(source="station", read_only=True, allow_null=True)
    receptions_this_year = serializers.SerializerMethodField(help_text="本年进站接待次数")
    gender = serializers.CharField(read_only=True, help_text="male / female")
    status = serializers.CharField(read_only=True, help_text="serving / resigned / vacated")

    class Meta:
        model = Deputy
        fields = [
            "id", "code", "name", "gender", "gender_display", "term", *Deputy.LEVEL_FIELDS, "levels", "group",
            "constituency", "station", "station_detail", "sector", "work_unit", "status", "status_display",
            "status_on", "elected_on", "is_example", "version", "receptions_this_year",
        ]
        read_only_fields = fields

    def get_receptions_this_year(self, deputy) -> int:
        return getattr(deputy, COUNT, 0) or 0


class DeputyContactSerializer(DeputySerializer):
    """The office's view: with 联系电话 and 通讯地址."""

    class Meta(DeputySerializer.Meta):
        fields = [*DeputySerializer.Meta.fields, "phone", "address"]
        read_only_fields = fields


class DeputyWriteSerializer(serializers.Serializer):
    """Create or update a deputy (the office). On update, `version` is the version read; an older one gets 409."""

    code = serializers.CharField(required=False, allow_blank=True)
    name = serializers.CharField(required=False)
    gender = serializers.CharField(required=False, help_text="male / female")
    term = serializers.IntegerField(required=False, allow_null=True)
    is_national = serializers.BooleanField(required=False)
    is_provincial = serializers.BooleanField(required=False)
    is_city = serializers.BooleanField(required=False)
    is_district = serializers.BooleanField(required=False)
    is_town = serializers.BooleanField(required=False)
    group = serializers.CharField(required=False, allow_blank=True)
    constituency = serializers.CharField(required=False, allow_blank=True)
    station = serializers.IntegerField(required=False, allow_null=True)
    sector = serializers.CharField(required=False, allow_blank=True)
    work_unit = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True)
    status = serializers.CharField(required=False, help_text="serving / resigned / vacated")
    status_on = serializers.DateField(required=False, allow_null=True)
    elected_on = serializers.DateField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False)


class StationSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="central / area / point")
    kind_display = ChoiceLabelField("kind")
    deputy_count = serializers.IntegerField(read_only=True, help_text="在任代表人数")

    class Meta:
        model = Station
        fields = ["id", "kind", "kind_display", "number", "name", "town", "address", "parent", "deputy_count",
                  "is_example"]
        read_only_fields = ["id", "kind_display", "deputy_count", "is_example"]


class ReceptionSerializer(serializers.ModelSerializer):
    station_detail = StationBriefSerializer(source="station", read_only=True)
    deputy_names = serializers.SerializerMethodField()
    issue_lines = serializers.ListField(child=serializers.CharField(), read_only=True)
    created_by = serializers.CharField(source="created_by.get_full_name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Reception
        fields = ["id", "held_on", "station", "station_detail", "deputies", "deputy_names", "voters", "issues",
                  "issue_lines", "note", "created_by", "created_at", "is_example"]
        read_only_fields = fields

    def get_deputy_names(self, reception) -> list[str]:
        return [d.name for d in reception.deputies.all()]


class ReceptionWriteSerializer(serializers.Serializer):
    held_on = serializers.CharField(required=False, help_text="YYYY-MM-DD，不能晚于今天")
    station = serializers.IntegerField(required=False)
    deputies = serializers.ListField(child=serializers.CharField(), required=False, help_text="代表 id 列表")
    voters = serializers.CharField(required=False)
    issues = serializers.CharField(required=False, allow_blank=True, help_text="每行一条")
    note = serializers.CharField(required=False, allow_blank=True)


class ReceptionCountSerializer(serializers.ModelSerializer):
    station_detail = StationBriefSerializer(source="station", read_only=True, allow_null=True)
    count = serializers.IntegerField(source=COUNT, read_only=True)
    target = serializers.SerializerMethodField()
    met = serializers.SerializerMethodField()

    class Meta:
        model = Deputy
        fields = ["id", "name", "group", "station", "station_detail", "count", "target", "met"]
        read_only_fields = fields

    def get_target(self, deputy) -> int:
        return self.context["target"]

    def get_met(self, deputy) -> bool:
        return getattr(deputy, COUNT) >= self.context["target"]


class ReceptionCountsSerializer(serializers.Serializer):
    """The answer of /api/v1/deputies/reception-counts/."""

    year = serializers.IntegerField()
    target = serializers.IntegerField(help_text="每名代表每年进站接待次数目标（期限规则）")
    results = ReceptionCountSerializer(many=True)
