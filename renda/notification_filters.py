"""The one FilterSet of notifications: a person's own list, the API, and the administrator's log."""

import django_filters

from renda.models import Notification

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
        from renda.widgets import use_fast_widgets  # the boxes written in Python, as on the other lists

        return use_fast_widgets(super().get_form_class())

    def filter_state(self, queryset, name, value):
        return queryset.filter(read_at__isnull=(value == "unread"))

