from rest_framework import serializers

from core.api.fields import ChoiceLabelField
from core.models import Committee, ReportingBody


class CommitteeSerializer(serializers.ModelSerializer):
    kind_display = ChoiceLabelField("kind")

    class Meta:
        model = Committee
        fields = ["id", "name", "short_name", "aliases", "kind", "kind_display", "paired_with", "active"]


class ReportingBodySerializer(serializers.ModelSerializer):
    kind_display = ChoiceLabelField("kind")

    class Meta:
        model = ReportingBody
        fields = ["id", "name", "kind", "kind_display", "valid_from", "valid_to"]
