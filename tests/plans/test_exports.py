"""Exports: the plan as its 主要工作安排表, the item list as shown, and the files' safety."""

import io
import zipfile
from urllib.parse import quote

import openpyxl
import pytest
from django.urls import reverse

from core.exporters import XLSX_CONTENT_TYPE, content_disposition, set_text
from core.models import Committee
from plans.exports import PlanItemListExporter, PlanWorkbookExporter
from plans.models import AnnualPlan, ItemCommittee, PlanEntry, PlanItem, PlanKind, Section, SupervisionForm
from plans.timing import TimingKind
from plans.workbook_layout import (
    CHECK_MARK,
    HEADERS,
    parse_category,
    parse_timing_text,
    parse_units_text,
)
from tests.conftest import client_for


def load(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return openpyxl.load_workbook(io.BytesIO(data)), data


@pytest.fixture
def supervision_plan(baiyun):
    return AnnualPlan.objects.get(body=baiyun, year=2023, kind=PlanKind.SUPERVISION)


def plan_export_url(plan):
    return reverse("plan-export", kwargs={"pk": plan.pk})


def names(item, role):
    return [r.committee.short_name for r in item.responsibilities.select_related("committee").order_by("id")
            if r.role == role]


def timing_fields(item) -> dict:
    fields = {"timing_kind": item.timing_kind}
    if item.timing_kind in (TimingKind.MONTH, TimingKind.RANGE):
        fields["start_month"] = item.start_month
    if item.timing_kind in (TimingKind.RANGE, TimingKind.DEADLINE):
        fields["end_month"] = item.end_month
    if item.timing_kind == TimingKind.QUARTER:
        fields["quarter"] = item.quarter
    return fields


# --- the plan workbook -------------------------------------------------------------------------


def test_plan_workbook_layout_and_print_settings(office_client, supervision_plan):
    response = office_client.get(plan_export_url(supervision_plan))
    wb, _ = load(response)
    ws = wb.active

    assert ws["A1"].value == supervision_plan.title
    assert f"A1:{openpyxl.utils.get_column_letter(len(HEADERS))}1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == HEADERS

    # Fonts: 黑体 for title and headers, 宋体 for the table.
    assert ws["A1"].font.name == "黑体"
    assert all(c.font.name == "黑体" and c.font.b for c in ws[2])
    assert ws["C3"].font.name == "宋体"
    assert ws["C3"].alignment.wrap_text
    assert ws["C3"].border.left.style == "thin" and ws["C3"].border.bottom.style == "thin"

    # Print: A4 landscape, one page wide, the header row on every page.
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9
    assert ws.print_title_rows == "$2:$2"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    # Columns sized to their text: the title column is the widest.
    widths = {col: ws.column_dimensions[col].width for col in "ABCDEFG"}
    assert widths["C"] == max(widths.values())

    # One merged category cell per section with more than one entry, spanning exactly its rows.
    merged = sorted((r.min_row, r.max_row) for r in ws.merged_cells.ranges if r.min_col == r.max_col == 1)
    row = 3
    for section in supervision_plan.sections.order_by("order"):
        count = section.entries.count()
        if count == 0:
            continue
        label = ws.cell(row=row, column=1).value
        assert parse_category(label) == (parse_category(section.heading)[0], section.declared_count)
        if count > 1:
            assert (row, row + count - 1) in merged
        row += count
    assert ws.max_row == row - 1 == 2 + supervision_plan.entries.count()


def test_plan_workbook_check_marks(office_client, supervision_plan):
    wb, _ = load(office_client.get(plan_export_url(supervision_plan)))
    ws = wb.active
    entries = list(PlanEntry.objects.filter(plan=supervision_plan).select_related("item").order_by("order", "id"))
    by_title = {e.item.title: e.item for e in entries}
    marks = 0
    for row in ws.iter_rows(min_row=3, values_only=True):
        item = by_title[row[2]]
        assert (row[5] == CHECK_MARK) is item.to_standing_meeting
        assert (row[6] == CHECK_MARK) is item.to_chairpersons_meeting
        marks += row[5] == CHECK_MARK
    assert marks == sum(e.item.to_standing_meeting for e in entries) > 0


def test_plan_workbook_round_trips_through_the_layout_functions(office_client, supervision_plan):
    """Read the export back as the import does: every row is the plan's entry, in order."""
    wb, _ = load(office_client.get(plan_export_url(supervision_plan)))
    ws = wb.active
    assert [c.value for c in ws[2]] == HEADERS

    parsed = []
    category = None
    for row in ws.iter_rows(min_row=3, values_only=True):
        if row[0]:  # merged category cells hold their text in the first row only
            category = parse_category(row[0])
        units = parse_units_text(row[3])
        parsed.append(
            {
                "category": category,
                "number": str(row[1] or ""),
                "title": row[2],
                "leads": units.leads,
                "helpers": units.helpers,
                "all_help": units.all_committees_help,
                "timing": parse_timing_text(row[4]),
                "standing": row[5] == CHECK_MARK,
                "chairpersons": row[6] == CHECK_MARK,
            }
        )

    expected = []
    for section in supervision_plan.sections.order_by("order"):
        entries = list(section.entries.select_related("item").order_by("order", "id"))
        for position, entry in enumerate(entries, start=1):
            item = entry.item
            expected.append(
                {
                    "category": (parse_category(section.heading)[0], section.declared_count),
                    "number": entry.number,
                    "title": item.title,
                    "leads": names(item, "lead"),
                    "helpers": names(item, "helper"),
                    "all_help": item.all_committees_help,
                    "timing": timing_fields(item),
                    "standing": item.to_standing_meeting,
                    "chairpersons": item.to_chairpersons_meeting,
                }
            )
    assert len(parsed) == len(expected) == supervision_plan.entries.count() > 30
    for got, want in zip(parsed, expected, strict=True):
        assert got == want


def test_plan_workbook_round_trips_helpers_all_help_and_missing_counts(office_client, baiyun):
    """Helpers, 各工委, each time form, a section without a declared count, an entry without a number."""
    plan = AnnualPlan.objects.create(body=baiyun, year=2031, kind=PlanKind.SUPERVISION, title="2031 年度监督工作计划")
    section = Section.objects.create(plan=plan, order=1, heading="一、专题调研", declared_count=None)
    caijing = Committee.objects.get(body=baiyun, short_name="财经工委")
    shehui = Committee.objects.get(body=baiyun, short_name="社会建设工委")
    timings = [
        {"timing_kind": TimingKind.MONTH, "start_month": 3},
        {"timing_kind": TimingKind.RANGE, "start_month": 3, "end_month": 6},
        {"timing_kind": TimingKind.YEAR},
        {"timing_kind": TimingKind.DEADLINE, "end_month": 7},
        {"timing_kind": TimingKind.QUARTER, "quarter": 4},
        {"timing_kind": TimingKind.UNDETERMINED},
    ]
    for order, timing in enumerate(timings, start=1):
        item = PlanItem.objects.create(
            body=baiyun, year=2031, title=f"调研事项{order}", form=SupervisionForm.RESEARCH,
            all_committees_help=order % 2 == 0, to_chairpersons_meeting=order == 1, **timing,
        )
        ItemCommittee.objects.create(item=item, committee=shehui, role="lead")
        if order % 3 == 0:
            ItemCommittee.objects.create(item=item, committee=caijing, role="helper")
        PlanEntry.objects.create(plan=plan, item=item, section=section, order=order, number="" if order == 2 else str(order))

    wb, _ = load(office_client.get(plan_export_url(plan)))
    rows = list(wb.active.iter_rows(min_row=3, values_only=True))
    assert parse_category(rows[0][0]) == ("一、专题调研", None)  # no declared count: none written
    for position, (row, timing) in enumerate(zip(rows, timings, strict=True), start=1):
        assert parse_timing_text(row[4]) == timing
        units = parse_units_text(row[3])
        assert units.leads == ["社会建设工委"]
        assert units.helpers == (["财经工委"] if position % 3 == 0 else [])
        assert units.all_committees_help is (position % 2 == 0)
        assert str(row[1] or "") == ("" if position == 2 else str(position))  # no number: none written
        assert (row[6] == CHECK_MARK) is (position == 1)


def test_plan_workbook_file_name_and_content_disposition(director_client, supervision_plan):
    response = director_client.get(plan_export_url(supervision_plan))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert 'filename="plan-2023-supervision.xlsx"' in disposition
    assert f"filename*=UTF-8''{quote('2023年度监督工作计划.xlsx')}" in disposition
    assert disposition.isascii()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("name", "fallback", "expected_parts"),
    [
        ("2023年度监督工作计划.xlsx", None, ['filename="2023.xlsx"', "filename*=UTF-8''2023%E5%B9%B4"]),
        ("plain.xlsx", None, ['filename="plain.xlsx"']),
        ('a"b/c\\d.xlsx', None, ['filename="a_b_c_d.xlsx"']),
        ("计划.xlsx", "plan.xlsx", ['filename="plan.xlsx"', "filename*=UTF-8''%E8%AE%A1%E5%88%92.xlsx"]),
        ("计划.xlsx", None, ['filename="export.xlsx"']),
    ],
)
def test_content_disposition(name, fallback, expected_parts):
    header = content_disposition(name, fallback)
    assert header.isascii() and "\n" not in header
    for part in expected_parts:
        assert part in header
    if name.isascii() and '"' not in name:
        assert "filename*" not in header


def test_every_user_of_the_body_may_export(supervision_plan, lead_client, director_client):
    for client in (lead_client, director_client):
        assert client.get(plan_export_url(supervision_plan)).status_code == 200


# --- formula text is never a formula ---------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+86 20 1234", "-HYPERLINK(\"http://x\")", "@SUM(A1:A2)", "=cmd|' /C calc'!A0"])
def test_set_text_keeps_formula_like_text_as_text(text):
    wb = openpyxl.Workbook()
    set_text(wb.active["A1"], text)
    set_text(wb.active["A2"], "普通文字")
    buffer = io.BytesIO()
    wb.save(buffer)
    again = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    assert again["A1"].value == text
    assert again["A1"].data_type == "s"
    assert again["A1"].quotePrefix
    assert not again["A2"].quotePrefix
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as xlsx:
        assert "<f>" not in xlsx.read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_exports_escape_formula_text(office_client, baiyun, prefix):
    title = f"{prefix}HYPERLINK(\"http://evil.example\",\"点击\")"
    plan = AnnualPlan.objects.create(body=baiyun, year=2032, kind=PlanKind.SUPERVISION, title=f"{prefix}计划标题")
    section = Section.objects.create(plan=plan, order=1, heading=f"{prefix}分节", declared_count=1)
    item = PlanItem.objects.create(
        body=baiyun, year=2032, title=title, form=SupervisionForm.OTHER, timing_kind=TimingKind.YEAR
    )
    PlanEntry.objects.create(plan=plan, item=item, section=section, order=1, number=f"{prefix}1")

    wb, data = load(office_client.get(plan_export_url(plan)))
    ws = wb.active
    assert ws["A1"].value == f"{prefix}计划标题" and ws["A1"].data_type == "s"
    assert ws["A3"].value == f"{prefix}分节（1项）" and ws["A3"].data_type == "s"
    assert ws["B3"].value == f"{prefix}1" and ws["B3"].data_type == "s"
    assert ws["C3"].value == title and ws["C3"].data_type == "s" and ws["C3"].quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as xlsx:
        assert "<f>" not in xlsx.read("xl/worksheets/sheet1.xml").decode()

    wb, data = load(office_client.get(reverse("item-list") + "?year=2032&export=xlsx"))
    row = [c for c in wb.active[3]][1:]  # under the title and the header, without 序号
    assert row[1].value == title and row[1].data_type == "s" and row[1].quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as xlsx:
        assert "<f>" not in xlsx.read("xl/worksheets/sheet1.xml").decode()


# --- the item list ---------------------------------------------------------------------------


def test_item_list_export_has_the_list_columns(office_client, baiyun):
    wb, _ = load(office_client.get(reverse("item-list") + "?year=2023&export=xlsx"))
    ws = wb.active
    # Row 1 the title, row 2 the header; column A 序号.
    assert [c.value for c in ws[2]][1:] == ["年度", "事项", "监督形式", "时间", "报告单位", "牵头委员会", "配合委员会",
                                            "状态", "进度", "逾期"]
    assert ws.max_row - 2 == PlanItem.objects.filter(body=baiyun, year=2023).count()
    item = PlanItem.objects.get(body=baiyun, title__contains="全面推进民法典实施")
    row = next(r[1:] for r in ws.iter_rows(min_row=3, values_only=True) if r[2] == item.title)
    assert row[0] == 2023 and row[2] == "专项工作报告" and row[3] == "5月" and row[4] == "区法院"
    assert row[5] == "监察司法委员会、监察司法工委"
    assert row[7] == item.get_status_display()
    assert ws.print_title_rows == "$2:$2"


@pytest.mark.parametrize(
    "query",
    [
        "year=2023&form=special_report",
        "year=2023&status=reviewed",
        "q=区政府",
        "month=5",
        "overdue=true",
        "plan_kind=major_matters",
    ],
)
def test_item_list_export_honours_the_filters(office_client, query):
    page = office_client.get(reverse("item-list") + "?" + query)
    expected = page.context["page"].paginator.count
    wb, _ = load(office_client.get(reverse("item-list") + "?" + query + "&export=xlsx"))
    assert wb.active.max_row - 2 == expected  # under the title and the header


def test_item_list_export_by_committee(office_client, baiyun):
    caijing = Committee.objects.get(body=baiyun, short_name="财经工委")
    wb, _ = load(office_client.get(reverse("item-list") + f"?committee={caijing.pk}&committee_role=lead&export=xlsx"))
    rows = [r[1:] for r in wb.active.iter_rows(min_row=3, values_only=True)]  # without title, header, 序号
    assert len(rows) == PlanItem.objects.filter(
        responsibilities__committee=caijing, responsibilities__role="lead"
    ).distinct().count() > 0
    assert all("财经工委" in row[5] for row in rows)


def test_item_list_export_with_bad_filters_shows_the_page_with_the_problem(office_client):
    response = office_client.get(reverse("item-list") + "?year=abc&export=xlsx")
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert "筛选条件有误" in text and "年度：" in text and "共 0 项" in text


def test_item_list_page_ignores_unknown_export_formats(office_client):
    response = office_client.get(reverse("item-list") + "?export=pdf")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_long_item_list_exports_through_a_background_job(
    office_client, baiyun, monkeypatch, settings, tmp_path, django_capture_on_commit_callbacks
):
    from core import listing
    from core.models import BackgroundJob
    from renda.celery import app

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(listing, "ASYNC_EXPORT_ROWS", 10)
    monkeypatch.setitem(app.conf, "task_always_eager", True)  # also when the suite runs with a broker
    expected = PlanItem.objects.filter(body=baiyun, year=2023).count()
    assert expected > 10

    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.get(reverse("item-list") + "?year=2023&export=xlsx")
    job = BackgroundJob.objects.get(body=baiyun, kind=PlanItemListExporter.identifier)
    assert response.status_code == 302 and response["Location"] == reverse("job-detail", kwargs={"pk": job.pk})
    assert job.params == {"query": "year=2023"}

    status = office_client.get(reverse("job-detail", kwargs={"pk": job.pk}) + "?format=json").json()
    assert status["status"] == "done" and status["progress"] == status["total"] == expected
    page = office_client.get(reverse("job-detail", kwargs={"pk": job.pk}))
    assert "下载文件" in page.content.decode() and "Refresh" not in page

    download = office_client.get(status["download"])
    wb, _ = load(download)
    assert wb.active.max_row - 2 == expected  # under the title and the header
    assert "filename*=UTF-8''" in download["Content-Disposition"]

    # Someone else's job is not there for them.
    assert client_for("director").get(reverse("job-detail", kwargs={"pk": job.pk})).status_code == 404
    assert client_for("office-other").get(status["download"]).status_code == 404


def test_pending_job_page_polls(office_client, baiyun):
    from django.contrib.auth import get_user_model

    from core.models import BackgroundJob

    job = BackgroundJob.objects.create(
        body=baiyun, kind=PlanItemListExporter.identifier, total=5000,
        created_by=get_user_model().objects.get(username="office"),
    )
    page = office_client.get(reverse("job-detail", kwargs={"pk": job.pk}))
    assert page.status_code == 200 and page["Refresh"] == "2"
    assert office_client.get(reverse("job-download", kwargs={"pk": job.pk})).status_code == 404


# --- API and permissions -----------------------------------------------------------------------


def test_api_export(office_client, supervision_plan):
    url = reverse("api:plan-export", kwargs={"pk": supervision_plan.pk})
    assert url == f"/api/v1/plans/{supervision_plan.pk}/export.xlsx"
    wb, _ = load(office_client.get(url))
    assert wb.active["A1"].value == supervision_plan.title
    wb, _ = load(office_client.get(url, HTTP_ACCEPT=XLSX_CONTENT_TYPE))


def test_api_export_with_a_token(supervision_plan):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.api_tokens import token_for

    token = token_for(get_user_model().objects.get(username="director"))
    response = Client().get(
        reverse("api:plan-export", kwargs={"pk": supervision_plan.pk}), HTTP_AUTHORIZATION=f"Token {token}"
    )
    wb, _ = load(response)
    assert wb.active["A1"].value == supervision_plan.title


def test_anonymous_users_are_sent_to_log_in(client, supervision_plan):
    response = client.get(plan_export_url(supervision_plan))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    response = client.get(reverse("item-list") + "?export=xlsx")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(reverse("api:plan-export", kwargs={"pk": supervision_plan.pk})).status_code in (401, 403)


def test_another_bodys_plan_is_not_found(second_body, supervision_plan):
    other = client_for("office-other")
    assert other.get(plan_export_url(supervision_plan)).status_code == 404
    assert other.get(reverse("api:plan-export", kwargs={"pk": supervision_plan.pk})).status_code == 404
    # and their own list export holds only their own items
    wb, _ = load(other.get(reverse("item-list") + "?export=xlsx"))
    assert wb.active.max_row - 2 == PlanItem.objects.filter(body=second_body).count()  # title, header


def test_exporter_classes_describe_their_files(supervision_plan):
    exporter = PlanWorkbookExporter(supervision_plan)
    assert exporter.extension == "xlsx" and exporter.content_type == XLSX_CONTENT_TYPE
    assert exporter.filename() == "2023年度监督工作计划.xlsx"
    assert exporter.identifier and exporter.verbose_name
    assert isinstance(exporter.render(), bytes)


# --- a true round trip through the import, once it exists ---------------------------------------


def _import(data, body, year, kind):
    from plans.imports.preview import build_preview
    from plans.imports.reader import read_workbook

    return build_preview(read_workbook(data), body=body, year=year, kind=kind)


def test_round_trip_through_the_import_finds_nothing_changed(office_client, baiyun, supervision_plan):
    """Export the plan and import the file over the same plan: every row is the entry it came from, unchanged."""
    pytest.importorskip("plans.imports.preview", reason="plans.imports is not written yet")
    _, data = load(office_client.get(plan_export_url(supervision_plan)))
    preview = _import(data, baiyun, 2023, PlanKind.SUPERVISION)
    assert preview["error_count"] == 0
    entries = list(PlanEntry.objects.filter(plan=supervision_plan).order_by("order", "id"))
    assert [row["entry_id"] for row in preview["rows"]] == [e.id for e in entries]
    for row in preview["rows"]:
        assert row["action"] == "unchanged", (row["title"], row["changes"])
    assert not preview["removals"]


def test_round_trip_through_the_import_into_a_new_year(office_client, baiyun, supervision_plan):
    """Export, import as another year's plan, and the new plan has the same sections and entries."""
    pytest.importorskip("plans.imports.apply", reason="plans.imports is not written yet")
    from plans.imports.apply import apply_preview

    _, data = load(office_client.get(plan_export_url(supervision_plan)))
    preview = _import(data, baiyun, 2030, PlanKind.SUPERVISION)
    assert preview["error_count"] == 0
    apply_preview(preview, body=baiyun)
    copy = AnnualPlan.objects.get(body=baiyun, year=2030, kind=PlanKind.SUPERVISION)

    def described(plan):
        rows = []
        for entry in PlanEntry.objects.filter(plan=plan).select_related("item", "section").order_by("order", "id"):
            item = entry.item
            rows.append((
                parse_category(entry.section.heading)[0], entry.section.declared_count, entry.number, item.title,
                names(item, "lead"), names(item, "helper"), item.all_committees_help, timing_fields(item),
                item.to_standing_meeting, item.to_chairpersons_meeting,
            ))
        return rows

    original, again = described(supervision_plan), described(copy)
    assert len(again) == len(original) > 30
    for got, want in zip(again, original, strict=True):
        assert got == want


def test_fast_select_writes_what_djangos_select_writes():
    """The filter forms' selects are written in Python for speed; the markup must stay Django's."""
    import re

    from django import forms

    from core.widgets import FastSelect

    choices = [("", "---------"), ("a", "甲 & <乙>"), (1, "一"), ("grp", [("x", "X"), ("y", "Y")])]
    for value in (None, "a", "1", "y"):
        ours = FastSelect(attrs={"id": "id_f"}, choices=choices).render("f", value)
        django = forms.Select(attrs={"id": "id_f"}, choices=choices).render("f", value)
        squash = lambda html: re.sub(r"\s+", "", html.replace('selected=""', "selected").replace(' selected', ' selected'))  # noqa: E731
        assert squash(ours) == squash(django), (value, ours, django)


def test_fast_inputs_write_what_djangos_inputs_write():
    import datetime
    import re

    from django import forms

    from core.widgets import use_fast_widgets

    class Form(forms.Form):
        q = forms.CharField(required=False, widget=forms.TextInput(attrs={"placeholder": "标题 & <关键词>"}))
        year = forms.IntegerField(required=False, min_value=1, max_value=9999)
        day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
        key = forms.NullBooleanField(required=False)

    values = {"q": (None, "", 'a"b<c>'), "year": (None, 2026, "12"),
              "day": (None, datetime.date(2026, 3, 1), "2026-03-01"), "key": (None, True, False, "true", "unknown")}
    django = {name: [Form.base_fields[name].widget.render(name, v) for v in vs] for name, vs in values.items()}
    use_fast_widgets(Form)
    squash = lambda html: re.sub(r">\s+<", "><", html.replace('selected=""', "selected")).strip()  # noqa: E731
    for name, vs in values.items():
        widget = Form.base_fields[name].widget
        assert type(widget).__name__.startswith("Fast"), name
        assert [squash(widget.render(name, v)) for v in vs] == [squash(html) for html in django[name]], name



def test_plain_numbers_in_xu_hao_are_written_as_numbers(office_client, baiyun):
    """序号 such as 8 are numbers in the workbook (Excel sorts them); （三） stays text."""
    from plans.models import AnnualPlan

    values = []
    for plan in AnnualPlan.objects.filter(body=baiyun):
        wb, _ = load(office_client.get(plan_export_url(plan)))
        values += [c.value for c in wb.active["B"][2:]]
    assert any(isinstance(v, int) for v in values) and any(isinstance(v, str) for v in values)
    assert not [v for v in values if isinstance(v, str) and v.isdigit()]
