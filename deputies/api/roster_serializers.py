"""Serializers of the roster API. Deputies come in two shapes: without contact details (every role)
and with them (the office, deputies.permissions.can_see_contacts); the first has no phone or address
key at all.

Writes are validated once, as the pages' forms validate them (core/api/validated.py): the same
fields, the same choices, the model's clean() and the functions the forms call, in the forms' words."""

from rest_framework import serializers

from core.api.fields import ChoiceLabelField
from core.api.validated import FORM_INPUT_MAPPING, TextChoiceField, ValidatedModelSerializer
from core.api.versioned import VERSION_NEEDED, VersionField
from deputies.models import Deputy, Reception, Station
from deputies.roster.forms import (
    DEPUTIES_MESSAGES,
    NO_SUCH_CENTRAL_STATION,
    NO_SUCH_STATION,
    DeputyForm,
    ReceptionForm,
    StationForm,
    deputy_choices,
    reception_choices,
    station_choices,
    station_number_error,
)
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


class _RosterWriteSerializer(ValidatedModelSerializer):
    """A roster form's fields, validated by the model as the page's form is. The view gives the object: a new one
    of the caller's body, or the one to change, whose fields not sent keep their values (partial)."""

    serializer_field_mapping = FORM_INPUT_MAPPING  # null is an empty value, as it was when the API took the form's
    serializer_choice_field = TextChoiceField  # `status` and `kind` as strings in the schema, as before


class DeputyWriteSerializer(_RosterWriteSerializer):
    """Create or update a deputy (the office), as the page's DeputyForm does (Deputy.clean). On update, `version` is
    the version read; an older one gets 409."""

    version = serializers.IntegerField(required=False)

    class Meta:
        model = Deputy
        fields = [*DeputyForm.Meta.fields, "version"]
        inputs = ["version"]
        extra_kwargs = {"gender": {"help_text": "male / female"},
                        "status": {"help_text": "serving / resigned / vacated"},
                        "is_district": {"default": True}}  # a district's deputy unless said otherwise, form posts too
        error_messages = {"station": {"invalid_choice": NO_SUCH_STATION}}

    def choices(self):
        return deputy_choices()

    def more_errors(self, attrs, deputy):
        if deputy.pk is not None and attrs.get("version") is None:
            return {"version": [VERSION_NEEDED.format(what=Deputy._meta.verbose_name)]}
        return {}


class StationSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="central / area / point")
    kind_display = ChoiceLabelField("kind")
    deputy_count = serializers.IntegerField(read_only=True, help_text="在任代表人数")
    version = VersionField()

    class Meta:
        model = Station
        fields = ["id", "kind", "kind_display", "number", "name", "town", "address", "parent", "deputy_count",
                  "is_example", "version"]
        read_only_fields = ["id", "kind_display", "deputy_count", "is_example"]


class ReceptionSerializer(serializers.ModelSerializer):
    station_detail = StationBriefSerializer(source="station", read_only=True)
    deputy_names = serializers.SerializerMethodField()
    issue_lines = serializers.ListField(child=serializers.CharField(), read_only=True)
    created_by = serializers.CharField(source="created_by.get_full_name", read_only=True, default=None, allow_null=True)
    version = VersionField(m2m=["deputies"])

    class Meta:
        model = Reception
        fields = ["id", "held_on", "station", "station_detail", "deputies", "deputy_names", "voters", "issues",
                  "issue_lines", "note", "created_by", "created_at", "is_example", "version"]
        read_only_fields = fields

    def get_deputy_names(self, reception) -> list[str]:
        return [d.name for d in reception.deputies.all()]


class StationWriteSerializer(_RosterWriteSerializer):
    """Create or update a station, as the page's StationForm does (Station.clean, station_number_error)."""

    class Meta:
        model = Station
        fields = StationForm.Meta.fields
        extra_kwargs = {"kind": {"help_text": "central / area / point"}}
        error_messages = {"parent": {"invalid_choice": NO_SUCH_CENTRAL_STATION}}

    def choices(self):
        return station_choices(self.instance)

    def validate_number(self, number):
        problem = station_number_error(self.instance.body_id, number, self.instance)
        if problem:
            raise serializers.ValidationError(problem)
        return number


class ReceptionWriteSerializer(_RosterWriteSerializer):
    """Record or change a reception, as the page's ReceptionForm does (Reception.clean)."""

    class Meta:
        model = Reception
        fields = ReceptionForm.Meta.fields
        extra_kwargs = {"held_on": {"help_text": "不能晚于今天"}, "deputies": {"help_text": "代表 id 列表"},
                        "issues": {"help_text": "每行一条"}}
        error_messages = {"station": {"invalid_choice": NO_SUCH_STATION}, "deputies": DEPUTIES_MESSAGES}

    def choices(self):
        return reception_choices()

    def to_internal_value(self, data):
        one = data.get("deputies") if isinstance(data, dict) and not hasattr(data, "getlist") else None  # JSON
        if isinstance(one, (int, str)) and not isinstance(one, bool):  # one id: a list of one, as the API has taken it
            data = {**data, "deputies": [one]}
        return super().to_internal_value(data)


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
