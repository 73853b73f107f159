"""Meetings and agenda items through the API: the same rules (the models') and services as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api.fields import MAX_ID
from core.api.schema_errors import ApiErrorSerializer
from core.api.versioned import CONFLICT, IF_MATCH, VersionedViewSetMixin
from core.api.views import BodyScopedViewSetMixin
from meetings import agenda, filtersets
from meetings.api import serializers
from meetings.materials import recompute_meeting, sync_material_steps
from meetings.models import AgendaItem, Meeting
from plans.api.permissions import OfficeWritesPermission


def _answers_with(serializer):
    """Writes take the write serializer and answer with the read one (409 on a stale version); the schema says so."""
    return extend_schema_view(create=extend_schema(responses={201: serializer}), **{
        name: extend_schema(parameters=[IF_MATCH], responses={200: serializer, 409: CONFLICT})
        for name in ("update", "partial_update")})


def _meeting(value) -> Meeting | None:
    """The meeting a new agenda item goes on: one of the caller's body, by its id."""
    text = "" if isinstance(value, bool) else str(value if value is not None else "").strip()
    return Meeting.objects.filter(pk=int(text)).first() if text.isdigit() and int(text) <= MAX_ID else None


@_answers_with(serializers.MeetingSerializer)
class MeetingViewSet(
    VersionedViewSetMixin, BodyScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    queryset = Meeting.objects.none()  # tells the schema the model; get_queryset serves requests
    version_read_serializer = serializers.MeetingSerializer
    filterset_class = filtersets.MeetingFilterSet
    permission_classes = [OfficeWritesPermission]

    def get_queryset(self):
        queryset = Meeting.objects.select_related("term").annotate(agenda_count=Count("agenda_items"))
        if self.action == "retrieve":
            items = AgendaItem.objects.prefetch_related("reporting_bodies", "plan_items")
            queryset = queryset.prefetch_related(Prefetch("agenda_items", queryset=items))
        return queryset.order_by("year", "kind", "number")

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return serializers.MeetingWriteSerializer
        if self.action == "reorder":
            return serializers.ReorderSerializer
        if self.action == "retrieve":
            return serializers.MeetingDetailSerializer
        return serializers.MeetingSerializer

    def _save(self, request, meeting):
        if meeting is not None and (stale := self.stale_conflict(request, meeting)) is not None:
            return stale
        incoming = serializers.MeetingWriteSerializer(meeting or Meeting(body=request.renda_body), data=request.data,
                                                      partial=request.method == "PATCH")
        incoming.is_valid(raise_exception=True)
        old_date = meeting.date if meeting else None
        saved = incoming.save()
        if meeting is not None and saved.date != old_date:
            recompute_meeting(saved)  # as the page does: open materials deadlines follow the date
        fresh = self.get_queryset().get(pk=saved.pk)
        code = status.HTTP_201_CREATED if meeting is None else status.HTTP_200_OK
        return Response(serializers.MeetingSerializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        return self._save(request, None)

    def update(self, request, *args, **kwargs):
        return self._save(request, self.get_object())

    def destroy(self, request, *args, **kwargs):
        meeting = self.get_object()
        count = meeting.agenda_items.count()
        if count:
            raise ValidationError({"detail": f"{meeting.short_title}还有 {count} 项议题，请先移至其他会议或撤下。"})
        meeting.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=serializers.ReorderSerializer, responses={
        200: serializers.ReorderSerializer,
        409: OpenApiResponse(ApiErrorSerializer, description="议程已被他人修改，请刷新后重试")})
    @action(detail=True, methods=["post"])
    def reorder(self, request, pk=None):
        meeting = self.get_object()
        incoming = serializers.ReorderSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            agenda.reorder(meeting, incoming.validated_data["order"])
        except DjangoValidationError as error:
            return Response({"detail": error.messages[0]}, status=status.HTTP_409_CONFLICT)
        return Response({"order": incoming.validated_data["order"]})


@_answers_with(serializers.AgendaItemDetailSerializer)
class AgendaItemViewSet(
    VersionedViewSetMixin, BodyScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Agenda items; `meeting` filters the list. Deleting one takes it off the agenda (the plan items follow)."""

    queryset = AgendaItem.objects.none()
    version_m2m = serializers.AGENDA_ITEM_M2M
    version_read_serializer = serializers.AgendaItemDetailSerializer
    filterset_class = filtersets.AgendaItemFilterSet
    permission_classes = [OfficeWritesPermission]

    def get_queryset(self):
        return AgendaItem.objects.prefetch_related("reporting_bodies", "plan_items", "committees").order_by(
            "meeting", "order"
        )

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return serializers.AgendaItemWriteSerializer
        if self.action == "move":
            return serializers.MoveSerializer
        return serializers.AgendaItemDetailSerializer

    def _read(self, item, code=status.HTTP_200_OK):
        return Response(serializers.AgendaItemDetailSerializer(self.get_queryset().get(pk=item.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        meeting = _meeting(request.data.get("meeting") if hasattr(request.data, "get") else None)
        if meeting is None:
            raise ValidationError({"meeting": ["请指定本常委会的会议（id）。"]})
        incoming = serializers.AgendaItemWriteSerializer(AgendaItem(meeting=meeting), data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        item = agenda.add_item(
            meeting, incoming.validated_instance, request.user, reporting_bodies=data["reporting_bodies"],
            committees=data["committees"], plan_items=data["plan_items"],
        )
        return self._read(item, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        item = self.get_object()
        if (stale := self.stale_conflict(request, item)) is not None:
            return stale
        incoming = serializers.AgendaItemWriteSerializer(item, data=request.data, partial=request.method == "PATCH")
        incoming.is_valid(raise_exception=True)
        item = incoming.save()
        sync_material_steps(item)  # as the page does: a changed title or form changes which materials are due
        return self._read(item)

    def destroy(self, request, *args, **kwargs):
        agenda.remove_item(self.get_object(), request.user, request.data.get("reason", "") if request.data else "")
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=serializers.MoveSerializer, responses=serializers.AgendaItemDetailSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        item = self.get_object()
        incoming = serializers.MoveSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        target = Meeting.objects.filter(pk=incoming.validated_data["meeting"]).first()
        if target is None:
            raise ValidationError({"meeting": ["找不到该会议。"]})
        try:
            agenda.move_item(item, target, request.user, incoming.validated_data["reason"])
        except DjangoValidationError as error:
            raise ValidationError({"meeting": error.messages}) from None
        return self._read(item)
