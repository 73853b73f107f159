"""The cell texts of the 主要工作安排表 read and written the same way."""

import pytest

from plans.timing import TimingKind
from plans.workbook_layout import (
    TimingError,
    category_label,
    parse_category,
    parse_timing_text,
    parse_units_text,
    timing_text,
    units_text,
)


@pytest.mark.parametrize(
    ("text", "heading", "count"),
    [
        ("讨论决定重大事项(3项)", "讨论决定重大事项", 3),
        ("听取和审议/ 听取专项工作报告（16项）", "听取和审议/ 听取专项工作报告", 16),
        ("专题调研（共 6 项）", "专题调研", 6),
        ("其他工作", "其他工作", None),
    ],
)
def test_category(text, heading, count):
    assert parse_category(text) == (heading, count)
    assert parse_category(category_label(heading, count)) == (heading, count)


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("3月", {"timing_kind": TimingKind.MONTH, "start_month": 3}),
        ("3-6月", {"timing_kind": TimingKind.RANGE, "start_month": 3, "end_month": 6}),
        ("8—10月", {"timing_kind": TimingKind.RANGE, "start_month": 8, "end_month": 10}),
        ("全年", {"timing_kind": TimingKind.YEAR}),
        ("", {"timing_kind": TimingKind.UNDETERMINED}),
        (None, {"timing_kind": TimingKind.UNDETERMINED}),
        ("7月底前", {"timing_kind": TimingKind.DEADLINE, "end_month": 7}),
        ("7月底", {"timing_kind": TimingKind.DEADLINE, "end_month": 7}),
        ("第四季度", {"timing_kind": TimingKind.QUARTER, "quarter": 4}),
        ("5月份", {"timing_kind": TimingKind.MONTH, "start_month": 5}),
    ],
)
def test_time_cells(text, fields):
    assert parse_timing_text(text) == fields
    assert parse_timing_text(timing_text(fields["timing_kind"], fields.get("start_month"), fields.get("end_month"),
                                         fields.get("quarter"))) == fields


@pytest.mark.parametrize("text", ["13月", "6-3月", "下半年", "3月中旬"])
def test_bad_time_cells_are_named(text):
    with pytest.raises(TimingError, match=text):
        parse_timing_text(text)


@pytest.mark.parametrize(
    ("text", "leads", "helpers", "all_help"),
    [
        ("财经工委", ["财经工委"], [], False),
        ("选联及有关工委", ["选联"], [], True),
        ("财经工委、教科文卫工委及办公室", ["财经工委", "教科文卫工委", "办公室"], [], False),
        ("办公室及各工委", ["办公室"], [], True),
        ("社会建设工委，配合：财经工委、农村农业工委", ["社会建设工委"], ["财经工委", "农村农业工委"], False),
        ("各工委", [], [], True),
    ],
)
def test_unit_cells(text, leads, helpers, all_help):
    units = parse_units_text(text)
    assert (units.leads, units.helpers, units.all_committees_help) == (leads, helpers, all_help)
    again = parse_units_text(units_text(units.leads, units.helpers, units.all_committees_help))
    assert again == units
