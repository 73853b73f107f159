"""When a plan item is due, asked the same way by lists, agendas, overdue marks and reminders.

Real plans give a month (5 月), a range (3-6 月), the whole year (全年), an end-of-month
deadline (7 月底完成), a quarter (第四季度) or nothing (根据政府提请).
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.db import models

from core.numerals import chinese_number


class TimingKind(models.TextChoices):
    MONTH = "month", "某月"
    RANGE = "range", "月份区间"
    YEAR = "year", "全年"
    DEADLINE = "deadline", "月底前完成"
    QUARTER = "quarter", "季度"
    UNDETERMINED = "undetermined", "待定"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Timing:
    kind: str
    year: int
    start_month: int | None = None
    end_month: int | None = None
    quarter: int | None = None

    def months(self) -> list[int]:
        """The months of the year this item touches (empty when undetermined)."""
        if self.kind == TimingKind.MONTH:
            return [self.start_month]
        if self.kind == TimingKind.RANGE:
            return list(range(self.start_month, self.end_month + 1))
        if self.kind == TimingKind.YEAR:
            return list(range(1, 13))
        if self.kind == TimingKind.DEADLINE:
            return [self.end_month]
        if self.kind == TimingKind.QUARTER:
            first = 3 * (self.quarter - 1) + 1
            return [first, first + 1, first + 2]
        return []

    def due_date(self) -> date | None:
        """The last day the item may be finished on, or None when it has no date yet."""
        months = self.months()
        if not months:
            return None
        return _month_end(self.year, months[-1])

    def is_overdue_on(self, day: date) -> bool:
        due = self.due_date()
        return due is not None and due < day

    def label(self) -> str:
        if self.kind == TimingKind.MONTH:
            return f"{self.start_month}月"
        if self.kind == TimingKind.RANGE:
            return f"{self.start_month}-{self.end_month}月"
        if self.kind == TimingKind.YEAR:
            return "全年"
        if self.kind == TimingKind.DEADLINE:
            return f"{self.end_month}月底前"
        if self.kind == TimingKind.QUARTER:
            return f"第{chinese_number(self.quarter)}季度"
        return "待定"


# What an item's timing is made of, on the item form, in plan adjustments and in their history.
TIMING_ATTRS = ("timing_kind", "start_month", "end_month", "quarter", "timing_note")


def timing_values(obj) -> dict:
    """The timing fields of an item, as a plan adjustment records them before and after."""
    return {attr: getattr(obj, attr) for attr in TIMING_ATTRS}


def timing_text(values: dict) -> str:
    """An item's timing in words, with its note: 4-8月, 全年（根据区政府的提请而定）."""
    timing = Timing(values["timing_kind"], 0, values.get("start_month"), values.get("end_month"), values.get("quarter"))
    note = values.get("timing_note") or ""
    return timing.label() + (f"（{note}）" if note else "")
