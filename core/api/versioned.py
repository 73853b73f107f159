"""The API side of core.forms.versioned: a record's `version` (and the ETag of its detail), and 409 on a stale one.

A read gives `version`, the fingerprint of the record's saved values (the page form's hidden marker). An
update (PUT or PATCH, and a step posted on a record whose page form carries the marker, such as an opinion's
response) sends it back as `version` in the body or as an `If-Match` header; when the record changed since, the
update is refused with 409, the message naming the record kind and `current` holding the record as it is now, and
nothing is saved. An update that sends neither is refused with 400 and a `version` field error naming the record
kind (VERSION_NEEDED), as the page refuses a form posted without its marker: it cannot tell which version it read.

400 rather than 428 (Precondition Required): the version is a field of the body as often as a header, and plan
items and deputies (whose versions are numbers, checked by their own serializers) answer a missing one the same
way, so every API refuses a missing version with the one validation answer every write already documents.
"""

from collections.abc import Mapping

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.forms.versioned import STALE, fingerprint, record_kind

VERSION_NEEDED = "修改{what}时须提供读取时的 version（请求体）或 If-Match 头。"

IF_MATCH = OpenApiParameter(
    # Not required by the schema: the body's `version` stands for it. One of the two is required.
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="读取时的 version（或 ETag）。请求体未提交 version 时必须提供，两者都没有时返回 400；"
                "记录已被他人修改时返回 409",
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


def given_version(request) -> str | None:
    """The version the caller read, from the body's `version` or else the If-Match header (None: neither)."""
    given = _given_versions(request)
    return given[0] if given else None


def with_header_version(request, data):
    """The body with the If-Match header's version as its `version` when it sends none: for the records whose
    serializers check a numbered version themselves (plan items, deputies)."""
    if not isinstance(data, Mapping) or data.get("version") not in (None, ""):
        return data
    version = given_version(request)
    if version is None:
        return data
    if hasattr(data, "getlist"):  # a form-encoded body
        data = data.copy()
        data["version"] = version
        return data
    return {**data, "version": version}


def version_needed(instance) -> ValidationError:
    return ValidationError({"version": [VERSION_NEEDED.format(what=record_kind(instance))]})


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
    stale_conflict(request, obj) first (a Response to return, or None). PUT and PATCH (and the actions named in
    version_required_actions) without a version are refused with 400 (VERSION_NEEDED)."""

    version_m2m = ()  # the many-to-many fields in the fingerprint: those the write serializer edits
    version_read_serializer = None  # what `current` shows; the viewset's serializer_class by default
    version_required_actions = ()  # POST actions that update the record, as PUT and PATCH do

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        return with_etag(Response(self.get_serializer(instance).data), instance, self.version_m2m)

    def stale_conflict(self, request, instance):
        required = request.method in ("PUT", "PATCH") or getattr(self, "action", None) in self.version_required_actions
        if required and not _given_versions(request):
            raise version_needed(instance)
        if not is_stale(request, instance, self.version_m2m):
            return None
        reader = self.version_read_serializer or self.serializer_class
        fresh = self.get_queryset().get(pk=instance.pk)
        return conflict(instance, reader(fresh, context=self.get_serializer_context()).data)
