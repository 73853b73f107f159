"""The one FilterSet of notifications: a person's own list, the API, and the administrator's log."""

import django_filters
from django.db.models import Q

from core.models import Committee, Notification, ReportingBody

READ_CHOICES = [("unread", "未读"), ("read", "已读")]


class NotificationFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label="状态", choices=READ_CHOICES, method="filter_state")
    kind = django_filters.ChoiceFilter(label="类别", choices=Notification.Kind.choices)
    email_state = django_filters.ChoiceFilter(label="邮件", choices=Notification.Email.choices)
    recipient = django_filters.CharFilter(label="接收人", field_name="recipient__username", lookup_expr="iexact")
    day_from = django_filters.DateFilter(label="提醒日期起", field_name="day", lookup_expr="gte")
    day_to = django_filters.DateFilter(label="提醒日期止", field_name="day", lookup_expr="lte")

    class Meta:
        model = Notification
        fields = []

    def get_form_class(self):
        from core.widgets import use_fast_widgets  # the boxes written in Python, as on the other lists

        return use_fast_widgets(super().get_form_class())

    def filter_state(self, queryset, name, value):
        return queryset.filter(read_at__isnull=(value == "unread"))


class SearchFilterSet(django_filters.FilterSet):
    """Adds `q`, a free-text search over the fields each subclass names in search_fields."""

    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(method="search", label="搜索")

    def get_form_class(self):
        # Selects and boxes written in Python: the template-per-option rendering was a third of the item list page.
        from core.widgets import use_fast_widgets

        return use_fast_widgets(super().get_form_class())

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = Q()
        for field in self.search_fields:
            match |= Q(**{f"{field}__icontains": value})
        return queryset.filter(match)


class CommitteeFilterSet(SearchFilterSet):
    search_fields = ("name", "short_name")
    kind = django_filters.ChoiceFilter(choices=Committee.Kind.choices, label="类别")
    active = django_filters.BooleanFilter(label="在用")

    class Meta:
        model = Committee
        fields = ["kind", "active"]


class ReportingBodyFilterSet(SearchFilterSet):
    search_fields = ("name",)
    kind = django_filters.ChoiceFilter(choices=ReportingBody.Kind.choices, label="类别")

    class Meta:
        model = ReportingBody
        fields = ["kind"]
