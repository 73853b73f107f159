"""The API side of core.forms.versioned: a record's `version` (and the ETag of its detail), and 409 on a stale one.

A read gives `version`, the fingerprint of the record's saved values (the page form's hidden marker). An
update (PUT or PATCH) may send it back as `version` in the body or as an `If-Match` header; when the record
changed since, the update is refused with 409, the message naming the record kind and `current` holding the
record as it is now, and nothing is saved. An update that sends neither is not checked.
"""

from collections.abc import Mapping

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from core.forms.versioned import STALE, fingerprint, record_kind

IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="读取时的 version（或 ETag）；记录已被他人修改时返回 409",
)
CONFLICT = OpenApiResponse(description="该记录已被他人修改（version 已过期）；current 为当前内容，本次修改未保存")


@extend_schema_field(OpenApiTypes.STR)
class VersionField(serializers.Field):
    """The record's version as read: send it back with an update (or as If-Match) to refuse a stale write."""

    def __init__(self, m2m=(), **kwargs):
        self.m2m = tuple(m2m)
        kwargs.update(read_only=True, source="*")
        kwargs.setdefault("help_text", "读取时的版本标记；修改时作为 version 或 If-Match 提交，已被他人修改时返回 409")
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return fingerprint(instance, self.m2m)


def _given_versions(request) -> list[str]:
    given = []
    data = request.data
    if isinstance(data, Mapping) and data.get("version") not in (None, ""):
        given.append(str(data.get("version")))
    header = request.headers.get("If-Match", "").strip()
    if header and header != "*":
        given += [tag.strip().removeprefix("W/").strip('"') for tag in header.split(",") if tag.strip()]
    return given


def is_stale(request, instance, m2m=()) -> bool:
    current = fingerprint(instance, m2m)
    return any(tag != current for tag in _given_versions(request))


def conflict(instance, current_data) -> Response:
    return Response(
        {"detail": STALE.format(what=record_kind(instance)), "current": current_data},
        status=status.HTTP_409_CONFLICT,
    )


def with_etag(response, instance, m2m=()):
    response["ETag"] = f'"{fingerprint(instance, m2m)}"'
    return response


class VersionedViewSetMixin:
    """A viewset whose records carry a version: its detail answers with an ETag, and its update methods call
    stale_conflict(request, obj) first (a Response to return, or None)."""

    version_m2m = ()  # the many-to-many fields in the fingerprint: those the write serializer edits
    version_read_serializer = None  # what `current` shows; the viewset's serializer_class by default

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        return with_etag(Response(self.get_serializer(instance).data), instance, self.version_m2m)

    def stale_conflict(self, request, instance):
        if not is_stale(request, instance, self.version_m2m):
            return None
        reader = self.version_read_serializer or self.serializer_class
        fresh = self.get_queryset().get(pk=instance.pk)
        return conflict(instance, reader(fresh, context=self.get_serializer_context()).data)
