"""The roster through the API: the same FilterSets, forms, counting and predicates as the pages.

GET  /api/v1/deputies/?status=&level=&station=&group=&sector=&gender=&q=   every role of the body; phone and
                                                                           address only for the office
GET  /api/v1/deputies/reception-counts/?year=&below=true&station=&group=   serving deputies' receptions in a
                                                                           year against the target
POST /api/v1/deputies/, PUT/PATCH /api/v1/deputies/<id>/ (with `version`)   office; stale version → 409
GET  /api/v1/stations/ (StationFilterSet), POST/PUT/PATCH                  office writes
GET  /api/v1/receptions/ (ReceptionFilterSet), POST/PUT/PATCH              office writes
Validation errors: 400 with {field: ["<字段>：<问题>"]} (the page's label and words), nothing saved. Writes are
validated once, by the model and the functions the pages' forms call (roster_serializers.py); an update
changes the fields sent and keeps the others.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api.permissions import ReadAllWriteByRefusal
from core.api.versioned import CONFLICT, IF_MATCH, VersionedViewSetMixin, with_header_version
from core.api.views import BodyScopedViewSetMixin
from deputies.api.roster_serializers import (
    DeputyContactSerializer,
    DeputySerializer,
    DeputyWriteSerializer,
    ReceptionCountSerializer,
    ReceptionCountsSerializer,
    ReceptionSerializer,
    ReceptionWriteSerializer,
    StationSerializer,
    StationWriteSerializer,
)
from deputies.filtersets import DeputyFilterSet, ReceptionFilterSet, StationFilterSet
from deputies.models import Deputy, Reception, Station
from deputies.permissions import can_see_contacts, roster_refusal
from deputies.roster.forms import DeputyForm, ReceptionForm, StaleDeputyError, StationForm, kind_rank
from deputies.roster.views import CODE_TAKEN, deputy_queryset, save_deputy
from deputies.stations import receptions as counting
from deputies.stations.views import NUMBER_TAKEN, reception_queryset, station_queryset


class RosterPermission(ReadAllWriteByRefusal):
    """Read: every user of the body. Create and edit: the office (deputies.permissions.roster_refusal)."""

    message = "只有常委会办公室可以维护代表名册、联络站和进站接待记录。"
    refusal = staticmethod(roster_refusal)


# The version is a hidden field on the page, without a label of its own.
EXTRA_LABELS = {"version": "版本"}


def _labelled(errors: dict, form_class) -> dict[str, list[str]]:
    """Refusals by field, each message naming the field as the page's form labels it (as the page shows it)."""
    labels = {**{name: field.label for name, field in form_class.base_fields.items()}, **EXTRA_LABELS}
    return {name: [f"{labels[name]}：{m}" if labels.get(name) else str(m) for m in messages]
            for name, messages in errors.items()}


def _validated(serializer_class, obj, request, form_class, data=None):
    """The request's fields checked as the page's form checks them: PUT is the whole record (every required field,
    as on create), PATCH changes only the fields sent."""
    data = request.data if data is None else data
    incoming = serializer_class(obj, data=data, partial=request.method == "PATCH")
    if not incoming.is_valid():
        raise ValidationError(_labelled(incoming.errors, form_class))
    return incoming


class _AsForm:
    """The validated object as save_deputy reads a valid form: the object to save, and its save()."""

    def __init__(self, incoming):
        self.instance, self.save = incoming.validated_instance, incoming.save


class _Base(BodyScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [RosterPermission]


class DeputyConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = DeputyContactSerializer()


# PATCH answers as PUT does (drf-spectacular would describe it by the write serializer).
DEPUTY_SAVED = {200: DeputyContactSerializer,
                409: OpenApiResponse(DeputyConflictSerializer, description="他人已修改该代表（version 已过期）")}


@extend_schema_view(partial_update=extend_schema(request=DeputyWriteSerializer, responses=DEPUTY_SAVED,
                                                 parameters=[IF_MATCH]))
class DeputyViewSet(_Base):
    queryset = Deputy.objects.none()  # tells the schema the model; get_queryset serves requests
    filterset_class = DeputyFilterSet
    serializer_class = DeputySerializer

    def _with_contacts(self) -> bool:
        return can_see_contacts(self.request.user)

    def get_queryset(self):
        year = timezone.localdate().year
        return deputy_queryset(year, self._with_contacts()).order_by("name", "id")

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return DeputyWriteSerializer
        if self.action == "reception_counts":
            return ReceptionCountSerializer
        return DeputyContactSerializer if self._with_contacts() else DeputySerializer

    def retrieve(self, request, *args, **kwargs):
        deputy = self.get_object()
        response = Response(self.get_serializer(deputy).data)
        response["ETag"] = f'"{deputy.version}"'  # sent back as If-Match, it stands for `version`
        return response

    def _save(self, request, deputy, code):
        data = with_header_version(request, request.data) if deputy.pk else request.data  # If-Match as `version`
        incoming = _validated(DeputyWriteSerializer, deputy, request, DeputyForm, data)
        try:  # the page's save: the version read against the current one
            saved = save_deputy(_AsForm(incoming), request.renda_body, incoming.validated_data.get("version"))
        except StaleDeputyError as error:
            current = self.get_queryset().get(pk=error.current.pk)
            return Response({"detail": str(error), "current": DeputyContactSerializer(current).data},
                            status=status.HTTP_409_CONFLICT)
        except IntegrityError:
            raise ValidationError({"code": [f"代表编号：{CODE_TAKEN}"]}) from None
        fresh = self.get_queryset().get(pk=saved.pk)
        return Response(DeputyContactSerializer(fresh).data, status=code)  # writers are the office

    @extend_schema(request=DeputyWriteSerializer, responses=DeputyContactSerializer)
    def create(self, request, *args, **kwargs):
        return self._save(request, Deputy(body=request.renda_body), status.HTTP_201_CREATED)

    @extend_schema(request=DeputyWriteSerializer, responses=DEPUTY_SAVED, parameters=[IF_MATCH])
    def update(self, request, *args, **kwargs):
        return self._save(request, self.get_object(), status.HTTP_200_OK)

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="年度；默认本年（本年无接待记录时取最近有记录的年度）"),
            OpenApiParameter("below", str, description="true：只列未达标的代表；false：只列已达标的"),
            OpenApiParameter("station", int), OpenApiParameter("group", str),
        ],
        responses=ReceptionCountsSerializer,
    )
    @action(detail=False, methods=["get"], url_path="reception-counts", filterset_class=None,
            pagination_class=None)
    def reception_counts(self, request):
        """Serving deputies' receptions in a year against the target; those below it first."""
        target = counting.reception_target(request.renda_body)
        year = request.query_params.get("year", "")
        if year and not (year.isdigit() and 1990 <= int(year) <= 2100):
            raise ValidationError({"year": [f"年度：“{year}”不是有效的年份。"]})
        year = int(year) if year else counting.default_year()
        queryset = Deputy.objects.filter(status=Deputy.Status.SERVING).select_related("station")
        queryset = queryset.defer("phone", "address")
        station = request.query_params.get("station", "")
        if station:
            if not station.isdigit():
                raise ValidationError({"station": ["联络站：请填写联络站的 id。"]})
            queryset = queryset.filter(station_id=int(station))
        if request.query_params.get("group"):
            queryset = queryset.filter(group=request.query_params["group"])
        counted = counting.with_reception_counts(queryset, year)
        below = request.query_params.get("below", "")
        if below == "true":
            counted = counting.only_below_target(counted, target)
        elif below == "false":
            counted = counted.filter(**{f"{counting.COUNT}__gte": target})
        rows = counting.below_target_first(counted, target)
        data = ReceptionCountSerializer(rows, many=True, context={"target": target}).data
        return Response({"year": year, "target": target, "results": data})


@extend_schema_view(partial_update=extend_schema(request=StationWriteSerializer, parameters=[IF_MATCH],
                                                 responses={200: StationSerializer, 409: CONFLICT}))
class StationViewSet(VersionedViewSetMixin, _Base):
    queryset = Station.objects.none()
    filterset_class = StationFilterSet
    serializer_class = StationSerializer

    def get_queryset(self):
        return station_queryset().order_by(kind_rank(), "number")

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return StationWriteSerializer
        return StationSerializer

    def _save(self, request, station, code):
        if station.pk and (stale := self.stale_conflict(request, station)) is not None:
            return stale
        incoming = _validated(StationWriteSerializer, station, request, StationForm)
        try:
            with transaction.atomic():
                saved = incoming.save()
        except IntegrityError:
            raise ValidationError({"number": [f"编号：{NUMBER_TAKEN}"]}) from None
        return Response(StationSerializer(self.get_queryset().get(pk=saved.pk)).data, status=code)

    @extend_schema(request=StationWriteSerializer, responses=StationSerializer)
    def create(self, request, *args, **kwargs):
        return self._save(request, Station(body=request.renda_body), status.HTTP_201_CREATED)

    @extend_schema(request=StationWriteSerializer, responses={200: StationSerializer, 409: CONFLICT},
                   parameters=[IF_MATCH])
    def update(self, request, *args, **kwargs):
        return self._save(request, self.get_object(), status.HTTP_200_OK)


@extend_schema_view(partial_update=extend_schema(request=ReceptionWriteSerializer, parameters=[IF_MATCH],
                                                 responses={200: ReceptionSerializer, 409: CONFLICT}))
class ReceptionViewSet(VersionedViewSetMixin, _Base):
    queryset = Reception.objects.none()
    version_m2m = ("deputies",)
    filterset_class = ReceptionFilterSet
    serializer_class = ReceptionSerializer

    def get_queryset(self):
        return reception_queryset().order_by("-held_on", "-id")

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return ReceptionWriteSerializer
        return ReceptionSerializer

    def _save(self, request, reception, code):
        if reception.pk and (stale := self.stale_conflict(request, reception)) is not None:
            return stale
        incoming = _validated(ReceptionWriteSerializer, reception, request, ReceptionForm)
        # As the page's save_reception: the reception and its deputies in one transaction, with who recorded it.
        saved = incoming.save() if reception.pk else incoming.save(created_by=request.user)
        return Response(ReceptionSerializer(self.get_queryset().get(pk=saved.pk)).data, status=code)

    @extend_schema(request=ReceptionWriteSerializer, responses=ReceptionSerializer)
    def create(self, request, *args, **kwargs):
        return self._save(request, Reception(), status.HTTP_201_CREATED)

    @extend_schema(request=ReceptionWriteSerializer, responses={200: ReceptionSerializer, 409: CONFLICT},
                   parameters=[IF_MATCH])
    def update(self, request, *args, **kwargs):
        return self._save(request, self.get_object(), status.HTTP_200_OK)
