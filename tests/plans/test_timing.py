"""Every kind of timing real plans use answers 'which months' and 'due when' the same way."""

from datetime import date

import pytest

from core.numerals import chinese_number
from plans.timing import Timing, TimingKind


@pytest.mark.parametrize(
    ("timing", "months", "due", "label"),
    [
        (Timing(TimingKind.MONTH, 2023, start_month=5), [5], date(2023, 5, 31), "5月"),
        (Timing(TimingKind.RANGE, 2023, start_month=3, end_month=6), [3, 4, 5, 6], date(2023, 6, 30), "3-6月"),
        (Timing(TimingKind.YEAR, 2023), list(range(1, 13)), date(2023, 12, 31), "全年"),
        (Timing(TimingKind.DEADLINE, 2023, end_month=7), [7], date(2023, 7, 31), "7月底前"),
        (Timing(TimingKind.QUARTER, 2023, quarter=4), [10, 11, 12], date(2023, 12, 31), "第四季度"),
        (Timing(TimingKind.UNDETERMINED, 2023), [], None, "待定"),
        (Timing(TimingKind.MONTH, 2024, start_month=2), [2], date(2024, 2, 29), "2月"),
    ],
)
def test_months_due_date_and_label(timing, months, due, label):
    assert timing.months() == months
    assert timing.due_date() == due
    assert timing.label() == label


def test_overdue_only_after_the_due_day():
    timing = Timing(TimingKind.DEADLINE, 2023, end_month=9)
    assert not timing.is_overdue_on(date(2023, 9, 30))
    assert timing.is_overdue_on(date(2023, 10, 1))
    assert not Timing(TimingKind.UNDETERMINED, 2023).is_overdue_on(date(2030, 1, 1))


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (12, "十二"), (17, "十七"), (20, "二十"), (23, "二十三")])
def test_chinese_numbers(n, text):
    assert chinese_number(n) == text


@pytest.mark.django_db
def test_overdue_sql_filter_agrees_with_the_python_rule(baiyun):
    from plans.models import PlanItem

    day = date(2023, 10, 15)
    in_sql = set(PlanItem.objects.overdue_on(day).values_list("pk", flat=True))
    in_python = {item.pk for item in PlanItem.objects.all() if item.is_overdue(day)}
    assert in_sql == in_python
    assert in_sql, "the demo data has items due before October that are not done"
