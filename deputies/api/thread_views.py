"""Threads of repeated suggestions (连续多年提出) and similar suggestions through the API: the pages' rules
(deputies.permissions) and changes (deputies/threads/actions.py).

GET    /api/v1/suggestion-threads/?q=&committee=&supervised=&year=&suggestion=   staff (visible_threads); deputies
                                                       and units: the threads holding their own suggestions
POST   /api/v1/suggestion-threads/ {title, note, suggestions: [id…]}   office
POST   /api/v1/suggestion-threads/<id>/add/ {suggestions: [id…]}, /remove/ {suggestion: id}   office
POST   /api/v1/suggestion-threads/<id>/supervision/ {committee, leader, since, requirement}   office
POST   /api/v1/suggestion-threads/<id>/notes/ {on, text}   office, or the supervising committee's members
GET    /api/v1/suggestions/<id>/similar/   the suggestion's similar ones (earlier years, this year)
GET    /api/v1/similar-suggestions/?title=&content=   the same for a text being drafted
Internal fields (note, progress notes) only for staff. Refused input: 400 {field: ["<字段>：<问题>"]}.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.views import BodyScopedViewSetMixin
from core.roles import is_external
from deputies.filtersets import SuggestionThreadFilterSet
from deputies.models import Suggestion, SuggestionThread
from deputies.permissions import (
    sees_internal_thread_notes,
    thread_note_refusal,
    thread_refusal,
    visible_suggestions,
    visible_threads,
)
from deputies.similar.lookup import public_row
from deputies.similar.views import panel
from deputies.threads import actions
from deputies.threads.views import member_suggestions


class MemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    number = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    lead_unit = serializers.CharField(source="lead_unit.name", default="")
    reply_class = serializers.CharField()
    replied_on = serializers.DateField(allow_null=True)
    feedback = serializers.CharField()


class ThreadSerializer(serializers.ModelSerializer):
    suggestions = serializers.SerializerMethodField()
    supervision = serializers.SerializerMethodField()

    class Meta:
        model = SuggestionThread
        fields = ["id", "title", "note", "created_at", "is_example", "suggestions", "supervision"]
        read_only_fields = fields

    def get_suggestions(self, thread) -> list[dict]:
        return MemberSerializer(member_suggestions(thread), many=True).data

    def get_supervision(self, thread) -> dict | None:
        row = getattr(thread, "supervision", None)
        if row is None:
            return None
        data = {"committee": row.committee_id, "committee_name": row.committee.short_name, "leader": row.leader,
                "since": row.since}
        if self.context.get("internal"):
            data["requirement"] = row.requirement
            data["notes"] = [{"on": n.on, "text": n.text} for n in thread.progress_notes.all()]
        return data

    def to_representation(self, thread):
        data = super().to_representation(thread)
        if not self.context.get("internal"):
            data.pop("note", None)
        return data


class ThreadWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    suggestions = serializers.ListField(child=serializers.IntegerField(), min_length=2)


LABELS = {"title": "线索名称", "note": "内部备注", "suggestions": "建议", "suggestion": "建议", "committee": "督办委员会",
          "since": "确定日期", "on": "日期", "text": "督办进展", "leader": "督办领导", "requirement": "督办要求"}


def _bad(errors):
    return ValidationError({k: [f"{LABELS.get(k, k)}：{m}" for m in v] for k, v in errors.items()})


def _suggestions(ids):
    rows = list(Suggestion.objects.filter(pk__in=ids))  # body-scoped: another body's ids are not found
    if len(rows) != len(set(ids)):
        raise ValidationError({"suggestions": ["建议：有的建议不存在或不属于本常委会。"]})
    return rows


class SuggestionThreadViewSet(BodyScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = SuggestionThread.objects.none()
    permission_classes = [IsAuthenticated]
    filterset_class = SuggestionThreadFilterSet
    serializer_class = ThreadSerializer

    def get_queryset(self):
        return visible_threads(self.request.user, SuggestionThread.objects.select_related(
            "supervision__committee").prefetch_related("progress_notes").order_by("-pk"))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "internal": sees_internal_thread_notes(self.request.user)}

    def _require(self, reason):
        if reason:
            raise PermissionDenied(reason)

    def _run(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except actions.ThreadError as error:
            field = error.field or "non_field_errors"
            raise ValidationError({field: [error.message]}) from None

    def _answer(self, thread, code=status.HTTP_200_OK):
        thread = self.get_queryset().get(pk=thread.pk)
        return Response(ThreadSerializer(thread, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=ThreadWriteSerializer, responses=ThreadSerializer)
    def create(self, request, *args, **kwargs):
        self._require(thread_refusal(request.user))
        incoming = ThreadWriteSerializer(data=request.data)
        if not incoming.is_valid():
            raise _bad(incoming.errors)
        d = incoming.validated_data
        thread = self._run(actions.create_thread, request.renda_body, title=d["title"], note=d["note"],
                           suggestions=_suggestions(d["suggestions"]), by=request.user)
        return self._answer(thread, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ThreadSerializer)
    @action(detail=True, methods=["post"])
    def add(self, request, pk=None):
        thread = self.get_object()
        self._require(thread_refusal(request.user))
        ids = request.data.get("suggestions") if hasattr(request.data, "get") else None
        if not isinstance(ids, list) or not ids or not all(isinstance(i, int) for i in ids):
            raise ValidationError({"suggestions": ["建议：请给出要加入的建议 id 列表。"]})
        self._run(actions.add_members, thread, _suggestions(ids), by=request.user)
        return self._answer(thread)

    @extend_schema(request=None, responses=ThreadSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        thread = self.get_object()
        self._require(thread_refusal(request.user))
        value = request.data.get("suggestion") if hasattr(request.data, "get") else None
        s = Suggestion.objects.filter(pk=value, thread_member__thread=thread).first() if isinstance(value, int) \
            else None
        if s is None:
            raise ValidationError({"suggestion": ["建议：该建议不在本线索中。"]})
        self._run(actions.remove_member, thread, s, by=request.user)
        return self._answer(thread)

    @extend_schema(request=None, responses=ThreadSerializer)
    @action(detail=True, methods=["post"])
    def supervision(self, request, pk=None):
        from deputies.threads.forms import SupervisionForm

        thread = self.get_object()
        self._require(thread_refusal(request.user))
        form = SupervisionForm(request.data)
        if not form.is_valid():
            raise _bad(form.errors)
        d = form.cleaned_data
        self._run(actions.supervise, thread, committee=d["committee"], leader=d["leader"], since=d["since"],
                  requirement=d["requirement"], by=request.user)
        return self._answer(thread)

    @extend_schema(request=None, responses=ThreadSerializer)
    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        from deputies.threads.forms import NoteForm

        thread = self.get_object()
        self._require(thread_note_refusal(request.user, thread))
        form = NoteForm(request.data)
        if not form.is_valid():
            raise _bad(form.errors)
        self._run(actions.add_note, thread, on=form.cleaned_data["on"], text=form.cleaned_data["text"],
                  by=request.user)
        return self._answer(thread)


def _panel_answer(request, title, content, exclude_id=None, year=None):
    staff = sees_internal_thread_notes(request.user)
    found = panel(request.renda_body, title, content, exclude_id=exclude_id, year=year,
                  user=request.user if staff else None, accepted_only=not staff)
    return Response({key: [public_row(s) for s in rows] for key, rows in found.items()})


class SimilarOfSuggestion(BodyScopedViewSetMixin, APIView):
    """GET /api/v1/suggestions/<id>/similar/: the suggestion's similar ones (the caller must see it)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: dict})
    def get(self, request, pk):
        s = get_object_or_404(visible_suggestions(request.user, Suggestion.objects.all()), pk=pk)
        return _panel_answer(request, s.title, s.content, exclude_id=s.pk, year=s.year)


class SimilarQuery(BodyScopedViewSetMixin, APIView):
    """GET /api/v1/similar-suggestions/?title=&content=: the similar ones of a text being drafted."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[OpenApiParameter("title", str), OpenApiParameter("content", str)],
                   responses={200: dict})
    def get(self, request):
        from deputies.permissions import deputy_of

        if is_external(request.user) and deputy_of(request.user) is None:
            raise PermissionDenied("只有人大代表本人和常委会工作人员可以查询相似建议。")
        title = (request.query_params.get("title") or "")[:200]
        content = (request.query_params.get("content") or "")[:4000]
        return _panel_answer(request, title, content)


