"""The FilterSet of the year figures the office records (reports.models.YearFigure): the API's list."""

import django_filters

from core.number_filter import NumberFilter
from reports.models import YearFigure


class YearFigureFilterSet(django_filters.FilterSet):
    year = NumberFilter(label="年度", min_value=1, max_value=9999, decimal_places=0)
    key = django_filters.ChoiceFilter(choices=YearFigure.Key.choices, label="项目")

    class Meta:
        model = YearFigure
        fields = []
