from django.db.models import Count, Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api.views import BodyScopedViewSetMixin
from plans import editing, filtersets
from plans.api import serializers
from plans.api.permissions import PlanItemPermission
from plans.forms import PlanItemForm
from plans.models import AnnualPlan, ItemCommittee, PlanEntry, PlanItem, Section
from plans.workflow import StaleItemError, WorkflowError, change_status


class AnnualPlanViewSet(BodyScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = AnnualPlan.objects.none()  # tells the schema the model; get_queryset serves requests
    serializer_class = serializers.AnnualPlanSerializer
    filterset_class = filtersets.AnnualPlanFilterSet

    def get_queryset(self):
        return AnnualPlan.objects.annotate(item_count=Count("entries")).order_by("-year", "kind")


def _saved(code):
    """Writes answer with the item as read; 409 (with the current item) when the version read is stale."""
    return extend_schema(responses={code: serializers.PlanItemSerializer, 409: OpenApiResponse(
        description="他人已修改该事项（version 已过期）；current 为当前内容")})


@extend_schema_view(create=_saved(201), update=_saved(200), partial_update=_saved(200))
class PlanItemViewSet(
    BodyScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Plan items. Writes use the page's form and workflow, so the rules are the same everywhere."""

    queryset = PlanItem.objects.none()  # tells the schema the model; get_queryset serves requests
    serializer_class = serializers.PlanItemSerializer
    filterset_class = filtersets.PlanItemFilterSet
    permission_classes = [PlanItemPermission]

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return serializers.PlanItemWriteSerializer
        if self.action == "status":
            return serializers.StatusChangeSerializer
        return serializers.PlanItemSerializer

    def _read(self, item, status_code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=item.pk)
        return Response(serializers.PlanItemSerializer(fresh).data, status=status_code)

    def _save(self, request, item):
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.form_data()
        plan = section = None
        if item is None:
            plan = AnnualPlan.objects.filter(pk=data.get("plan")).first()
            if plan is None:
                raise ValidationError({"plan": ["请指定事项所属的计划（本常委会的计划编号）。"]})
            section = Section.objects.filter(plan=plan, pk=data.get("section")).first() if data.get("section") else None
        elif data.get("version") is None:
            raise ValidationError({"version": ["修改时须提供读取时的版本号 version。"]})
        form = PlanItemForm(data, instance=item or PlanItem())
        if not form.is_valid():
            raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
        try:
            saved = editing.save_item_form(
                form, request.user, request.renda_body, plan=plan, section=section,
                number=data.get("number", ""), note=data.get("note", ""),
            )
        except StaleItemError as error:
            return self._conflict(error)
        return self._read(saved, status.HTTP_201_CREATED if item is None else status.HTTP_200_OK)

    def _conflict(self, error):
        current = self.get_queryset().get(pk=error.current.pk)
        return Response(
            {"detail": str(error), "current": serializers.PlanItemSerializer(current).data},
            status=status.HTTP_409_CONFLICT,
        )

    def create(self, request, *args, **kwargs):
        return self._save(request, None)

    def update(self, request, *args, **kwargs):
        return self._save(request, self.get_object())

    @extend_schema(request=serializers.StatusChangeSerializer, responses={200: serializers.PlanItemSerializer, 409: OpenApiResponse(
        description="他人已修改该事项（version 已过期）；current 为当前内容")})
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        item = self.get_object()
        incoming = serializers.StatusChangeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            changed = change_status(
                item, data["status"], request.user, data.get("note", ""),
                postponed_to_month=data.get("postponed_to_month"), progress=data.get("progress"),
                expected_version=data["version"],
            )
        except StaleItemError as error:
            return self._conflict(error)
        except WorkflowError as error:
            raise ValidationError({error.field or "status": [str(error)]}) from None
        return self._read(changed)

    def get_queryset(self):
        return PlanItem.objects.prefetch_related(
            "reporting_bodies",
            "agenda_items",
            Prefetch("responsibilities", queryset=ItemCommittee.objects.select_related("committee")),
            Prefetch("entries", queryset=PlanEntry.objects.select_related("plan", "section")),
        ).order_by("year", "due_month", "id")
