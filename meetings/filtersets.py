import django_filters
from django.db.models import Q
from django.utils import timezone

from core.filtersets import SearchFilterSet
from core.number_filter import NumberFilter
from meetings.models import AgendaItem, MaterialStep, Meeting, MeetingKind


class MeetingFilterSet(SearchFilterSet):
    search_fields = ("place", "agenda_items__title")
    year = NumberFilter(label="年度")
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label="会议类别")
    term = NumberFilter(field_name="term__number", label="届次")
    status = django_filters.ChoiceFilter(choices=Meeting.Status.choices, label="状态")
    # The dashboard's meetings by month: the month of its date, or the planned month while it has none.
    month = NumberFilter(method="filter_month", label="月份", min_value=1, max_value=12)
    to_come = django_filters.BooleanFilter(method="filter_to_come", label="尚未召开（不含已取消）")

    class Meta:
        model = Meeting
        fields = ["year", "kind", "term", "status"]

    def search(self, queryset, name, value):
        return super().search(queryset, name, value).distinct()

    def filter_month(self, queryset, name, value):
        return queryset.filter(Q(date__month=value) | Q(date__isnull=True, planned_month=value))

    def filter_to_come(self, queryset, name, value):
        to_come = Q(status__in=(Meeting.Status.HELD, Meeting.Status.CANCELLED))
        return queryset.exclude(to_come) if value else queryset.filter(to_come)


class AgendaItemFilterSet(SearchFilterSet):
    search_fields = ("title",)
    meeting = NumberFilter(label="会议")
    year = NumberFilter(field_name="meeting__year", label="年度")
    has_inquiry = django_filters.BooleanFilter(label="专题询问")
    has_evaluation = django_filters.BooleanFilter(label="满意度测评")

    class Meta:
        model = AgendaItem
        fields = ["meeting", "year", "has_inquiry", "has_evaluation"]


class MaterialStepFilterSet(django_filters.FilterSet):
    """Materials deadlines (meetings/materials.py): by meeting, agenda item, responsible committee, overdue."""

    meeting = NumberFilter(field_name="agenda_item__meeting", label="会议")
    agenda_item = NumberFilter(field_name="agenda_item", label="议题")
    committee = NumberFilter(field_name="agenda_item__committees", label="负责工委", distinct=True)
    step = django_filters.ChoiceFilter(choices=MaterialStep.Step.choices, label="环节")
    done = django_filters.BooleanFilter(field_name="done_on", lookup_expr="isnull", exclude=True, label="已完成")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="已逾期")

    class Meta:
        model = MaterialStep
        fields = ["step"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(done_on__isnull=True, due__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)
