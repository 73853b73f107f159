from django.db.models import Count, Prefetch
from rest_framework import viewsets

from plans import filtersets
from plans.api import serializers
from plans.models import AgendaItem, AnnualPlan, Committee, ItemCommittee, Meeting, PlanEntry, PlanItem, ReportingBody
from renda.api.views import BodyScopedViewSetMixin


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


class MeetingViewSet(BodyScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Meeting.objects.none()  # tells the schema the model; get_queryset serves requests
    filterset_class = filtersets.MeetingFilterSet

    def get_queryset(self):
        queryset = Meeting.objects.select_related("term").annotate(agenda_count=Count("agenda_items"))
        if self.action == "retrieve":
            agenda = AgendaItem.objects.prefetch_related("reporting_bodies", "plan_items")
            queryset = queryset.prefetch_related(Prefetch("agenda_items", queryset=agenda))
        return queryset.order_by("year", "kind", "number")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.MeetingDetailSerializer
        return serializers.MeetingSerializer


class AnnualPlanViewSet(BodyScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = AnnualPlan.objects.none()  # tells the schema the model; get_queryset serves requests
    serializer_class = serializers.AnnualPlanSerializer
    filterset_class = filtersets.AnnualPlanFilterSet

    def get_queryset(self):
        return AnnualPlan.objects.annotate(item_count=Count("entries")).order_by("-year", "kind")


class PlanItemViewSet(BodyScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = PlanItem.objects.none()  # tells the schema the model; get_queryset serves requests
    serializer_class = serializers.PlanItemSerializer
    filterset_class = filtersets.PlanItemFilterSet

    def get_queryset(self):
        return PlanItem.objects.prefetch_related(
            "reporting_bodies",
            "agenda_items",
            Prefetch("responsibilities", queryset=ItemCommittee.objects.select_related("committee")),
            Prefetch("entries", queryset=PlanEntry.objects.select_related("plan", "section")),
        ).order_by("year", "due_month", "id")
