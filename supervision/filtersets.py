"""One FilterSet per supervision model, shared by the HTML lists and the API viewsets.

Every filter is declared explicitly: django-filter must not inspect the scoped managers at import.
"""

import django_filters
from django.db.models import Q
from django.utils import timezone

from core.filtersets import SearchFilterSet
from core.models import Committee, ReportingBody
from core.number_filter import NumberFilter
from meetings.models import Meeting
from supervision.models import Inspection, LivelihoodProject, Rectification, ReviewOpinion, SpecialInquiry

YES_NO = [("true", "是"), ("false", "否")]


def _meetings(request):
    return Meeting.objects.select_related("term").order_by("-year", "kind", "number")


class ReviewOpinionFilterSet(SearchFilterSet):
    search_fields = ("text", "agenda_item__title")
    year = NumberFilter(field_name="agenda_item__meeting__year", label="年度")
    meeting = django_filters.ModelChoiceFilter(
        field_name="agenda_item__meeting", queryset=_meetings, label="会议", empty_label="全部"
    )
    agenda_item = NumberFilter(field_name="agenda_item", label="议题")
    reporting_body = django_filters.ModelChoiceFilter(
        queryset=lambda request: ReportingBody.objects.all(), label="报告单位", empty_label="全部"
    )
    committee = django_filters.ModelChoiceFilter(
        queryset=lambda request: Committee.objects.all(), label="跟踪委员会", empty_label="全部"
    )
    overdue = django_filters.ChoiceFilter(choices=YES_NO, method="filter_overdue", label="逾期未反馈")
    responded = django_filters.ChoiceFilter(choices=YES_NO, method="filter_responded", label="已反馈")
    assessment = django_filters.ChoiceFilter(choices=ReviewOpinion.Assessment.choices, label="工委评价")

    class Meta:
        model = ReviewOpinion
        fields = ["assessment"]

    def filter_overdue(self, queryset, name, value):
        if value not in ("true", "false"):
            return queryset
        late = Q(response_on__isnull=True, due_on__lt=timezone.localdate())
        return queryset.filter(late) if value == "true" else queryset.exclude(late)

    def filter_responded(self, queryset, name, value):
        if value not in ("true", "false"):
            return queryset
        return queryset.filter(response_on__isnull=(value == "false"))


class RectificationFilterSet(SearchFilterSet):
    search_fields = ("what",)
    source = django_filters.ChoiceFilter(choices=Rectification.Source.choices, label="来源")
    committee = django_filters.ModelChoiceFilter(
        queryset=lambda request: Committee.objects.all(), label="跟踪委员会", empty_label="全部"
    )
    reporting_body = django_filters.ModelChoiceFilter(
        queryset=lambda request: ReportingBody.objects.all(), label="整改单位", empty_label="全部"
    )
    status = django_filters.ChoiceFilter(choices=Rectification.Status.choices, label="状态")
    overdue = django_filters.ChoiceFilter(choices=YES_NO, method="filter_overdue", label="逾期")

    class Meta:
        model = Rectification
        fields = ["source", "status"]

    def filter_overdue(self, queryset, name, value):
        if value not in ("true", "false"):
            return queryset
        late = Q(status=Rectification.Status.OPEN, due_on__lt=timezone.localdate())
        return queryset.filter(late) if value == "true" else queryset.exclude(late)


class LivelihoodProjectFilterSet(SearchFilterSet):
    search_fields = ("title",)
    year = NumberFilter(label="年度")
    committee = django_filters.ModelChoiceFilter(
        queryset=lambda request: Committee.objects.all(), label="跟踪委员会", empty_label="全部"
    )
    department = django_filters.ModelChoiceFilter(
        queryset=lambda request: ReportingBody.objects.all(), label="责任部门", empty_label="全部"
    )

    class Meta:
        model = LivelihoodProject
        fields = ["year"]


class InspectionFilterSet(SearchFilterSet):
    search_fields = ("title", "laws")
    year = NumberFilter(label="年度")

    class Meta:
        model = Inspection
        fields = ["year"]


class SpecialInquiryFilterSet(SearchFilterSet):
    search_fields = ("agenda_item__title", "officials")
    year = NumberFilter(field_name="agenda_item__meeting__year", label="年度")
    meeting = django_filters.ModelChoiceFilter(
        field_name="agenda_item__meeting", queryset=_meetings, label="会议", empty_label="全部"
    )

    class Meta:
        model = SpecialInquiry
        fields = ["year"]


# --- satisfaction evaluations ---------------------------------------------------------------------

from supervision.models import Evaluation  # noqa: E402


class EvaluationFilterSet(SearchFilterSet):
    """Evaluations by year and meeting: the list page and /api/v1/evaluations/ alike."""

    search_fields = ("title", "agenda_item__title", "subjects__label")
    year = NumberFilter(field_name="agenda_item__meeting__year", label="年度")
    meeting = django_filters.ModelChoiceFilter(
        field_name="agenda_item__meeting", queryset=_meetings, label="会议", empty_label="全部"
    )
    agenda_item = NumberFilter(field_name="agenda_item", label="议题")

    class Meta:
        model = Evaluation
        fields = ["year"]

    def search(self, queryset, name, value):
        return super().search(queryset, name, value).distinct()
