from rest_framework import viewsets

from core import filtersets
from core.api import serializers
from core.api.views import BodyScopedViewSetMixin
from core.models import Committee, ReportingBody


class CommitteeViewSet(BodyScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Committee.objects.none()  # tells the schema the model; get_queryset serves requests
    serializer_class = serializers.CommitteeSerializer
    filterset_class = filtersets.CommitteeFilterSet

    def get_queryset(self):
        return Committee.objects.all()


class ReportingBodyViewSet(BodyScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = ReportingBody.objects.none()  # tells the schema the model; get_queryset serves requests
    serializer_class = serializers.ReportingBodySerializer
    filterset_class = filtersets.ReportingBodyFilterSet

    def get_queryset(self):
        return ReportingBody.objects.all()
