import django_filters

from core.models import CalendarFeed


class CalendarFeedFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="类别", choices=CalendarFeed.Kind.choices)
    committee = django_filters.NumberFilter(label="委员会", field_name="committee_id")

    class Meta:
        model = CalendarFeed
        fields = []
