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
        ("上半年", {"timing_kind": TimingKind.RANGE, "start_month": 1, "end_month": 6}),
        ("下半年", {"timing_kind": TimingKind.RANGE, "start_month": 7, "end_month": 12}),
    ],
)
def test_time_cells(text, fields):
    assert parse_timing_text(text) == fields
    assert parse_timing_text(timing_text(fields["timing_kind"], fields.get("start_month"), fields.get("end_month"),
                                         fields.get("quarter"))) == fields


@pytest.mark.parametrize("text", ["13月", "6-3月", "明年", "3月中旬", "下旬"])
def test_bad_time_cells_are_named(text):
    with pytest.raises(TimingError, match=text):
        parse_timing_text(text)


@pytest.mark.parametrize(
    ("text", "leads", "helpers", "all_help"),
    [
        ("财经工委", ["财经工委"], [], False),
        ("选联及有关工委", ["选联"], [], True),
        # No role words: the first unit leads, the others help.
        ("财经工委、教科文卫工委及办公室", ["财经工委"], ["教科文卫工委", "办公室"], False),
        ("财经工委、教科文卫工委负责", ["财经工委", "教科文卫工委"], [], False),
        ("财经工委牵头，教科文卫工委、办公室配合", ["财经工委"], ["教科文卫工委", "办公室"], False),
        ("财经工委、教科文卫工委，配合：办公室", ["财经工委", "教科文卫工委"], ["办公室"], False),
        ("由财经工委负责", ["财经工委"], [], False),
        ("财经工委（牵头）、办公室（协助）", ["财经工委"], ["办公室"], False),
        ("由办公室、财经工委牵头，各工委分工落实", ["办公室", "财经工委"], [], True),
        ("财经工委及有关工委(室)", ["财经工委"], [], True),
        ("各（相关）工委", [], [], True),
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


@pytest.mark.parametrize(
    ("text", "column"),
    [("类别", 0), (" 序 号 ", 1), ("项目名称", 2), ("工作项目", 2), ("组织实施部门", 3), ("责任单位", 3),
     ("时间", 4), ("时间安排", 4), ("常委会会议", 5), ("主任会议", 6), ("备注", None), (None, None)],
)
def test_header_cells(text, column):
    from plans.workbook_layout import header_column

    assert header_column(text) == column


@pytest.mark.parametrize(
    ("text", "checked"),
    [("✓", True), ("√", True), (" ✔ ", True), ("是", True), ("", False), (None, False), ("否", False),
     ("×", False), ("也许", None)],
)
def test_meeting_cells(text, checked):
    from plans.workbook_layout import parse_check

    assert parse_check(text) is checked


def test_full_names_with_separator_words_are_kept_whole_when_known():
    known = ["监察和司法工作委员会", "城乡建设环境与资源保护委员会"]
    units = parse_units_text("监察和司法工作委员会、城乡建设环境与资源保护委员会及有关工委", known)
    assert units.leads == known[:1] and units.helpers == known[1:] and units.all_committees_help
    units = parse_units_text("监察和司法工作委员会、城乡建设环境与资源保护委员会牵头", known)
    assert units.leads == known and not units.helpers


@pytest.mark.parametrize(
    ("heading", "form"),
    [("讨论决定重大事项", "major_matter"), ("听取和审议/ 听取专项工作报告", "special_report"),
     ("专题调研", "research"), ("执法检查", "inspection"), ("其他工作", "other")],
)
def test_category_gives_the_form_of_new_items(heading, form):
    from plans.workbook_layout import form_for_category

    assert form_for_category(heading) == form
