from collections.abc import Mapping

from django.db.models import Count, Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api.versioned import IF_MATCH, with_header_version
from core.api.views import BodyScopedViewSetMixin
from plans import editing, filtersets
from plans.api import serializers
from plans.api.permissions import PlanItemPermission
from plans.models import AnnualPlan, ItemCommittee, PlanEntry, PlanItem
from plans.workflow import StaleItemError, WorkflowError, change_status


class AnnualPlanViewSet(BodyScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = AnnualPlan.objects.none()  # tells the schema the model; get_queryset serves requests
    serializer_class = serializers.AnnualPlanSerializer
    filterset_class = filtersets.AnnualPlanFilterSet

    def get_queryset(self):
        return AnnualPlan.objects.annotate(item_count=Count("entries")).order_by("-year", "kind")


LIST_INPUTS = {"reporting_bodies", "extra_forms", "lead_committees", "helper_committees"}


def _as_sent(item) -> dict:
    """The item's editable fields as a PUT would send them: what a PATCH leaves out keeps its value."""
    values = {}
    for name in editing.ITEM_FIELDS:
        field = PlanItem._meta.get_field(name)
        values[name] = [o.pk for o in getattr(item, name).all()] if field.many_to_many else field.value_from_object(item)
    roles = [(r.role, r.committee_id) for r in item.responsibilities.all()]
    values["lead_committees"] = [pk for role, pk in roles if role == ItemCommittee.Role.LEAD]
    values["helper_committees"] = [pk for role, pk in roles if role != ItemCommittee.Role.LEAD]
    return values


def _saved(code, *parameters):
    """Writes answer with the item as read; 409 (with the current item) when the version read is stale."""
    return extend_schema(parameters=list(parameters), responses={
        code: serializers.PlanItemSerializer,
        409: OpenApiResponse(description="他人已修改该事项（version 已过期）；current 为当前内容")})


@extend_schema_view(create=_saved(201), update=_saved(200, IF_MATCH), partial_update=_saved(200, IF_MATCH))
class PlanItemViewSet(
    BodyScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Plan items. Writes run the page's rules (the model's, plans.editing's) and its workflow, so they are the same
    everywhere."""

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

    def retrieve(self, request, *args, **kwargs):
        item = self.get_object()
        response = Response(self.get_serializer(item).data)
        response["ETag"] = f'"{item.version}"'
        return response

    def _save(self, request, item):
        data = with_header_version(request, request.data) if item is not None else request.data
        if item is not None and request.method == "PATCH" and isinstance(data, Mapping):
            if hasattr(data, "getlist"):  # a form-encoded body: lists as lists
                data = {k: data.getlist(k) if k in LIST_INPUTS else data.get(k) for k in data}
            data = {**_as_sent(item), **data}  # PATCH changes what it names; the rest is sent back as it is
        incoming = serializers.PlanItemWriteSerializer(item or PlanItem(), data=data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            saved = editing.save_item(
                incoming.validated_instance, request.user, request.renda_body,
                reporting_bodies=data["reporting_bodies"], leads=data["lead_committees"],
                helpers=data["helper_committees"], expected_version=data.get("version"),
                plan=data.get("plan") if item is None else None, section=data.get("section") if item is None else None,
                number=data["number"], note=data["note"],
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
            changed = change_status(  # the one judge of a step, as on the page
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
