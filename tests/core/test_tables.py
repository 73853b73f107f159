"""core.tables: a column declared once is the page's column and the file's, the user's choice of columns
holds for both, and the file keeps formula-like text as text."""

import io
import re
import zipfile

import openpyxl
import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from core.models import BackgroundJob
from core.tables import Column, Table, TableExporter, link_to
from plans.filtersets import PlanItemFilterSet
from plans.models import PlanItem, SupervisionForm
from plans.timing import TimingKind
from tests.conftest import client_for

YEAR = 2039


class ItemTable(Table):
    """A table declared the way every list declares its own."""

    choice_key = "test-items"
    sheet_title = "测试事项"
    file_slug = "test-items"

    year = Column("年度", sort="year", width=6)
    title = Column("事项", link=link_to("item-detail"), hideable=False, width=40)
    status = Column("状态", "get_status_display", width=10)
    progress = Column("进度", html=lambda item: f"{item.progress}%", export_value=lambda item: item.progress / 100,
                      page=False, number_format="0%")


@pytest.fixture
def items(baiyun):
    make = [("调研事项甲", 10), ("=HYPERLINK(\"http://evil.example\",\"点击\")", 20), ("+86 20 1234", 30)]
    return [
        PlanItem.objects.create(body=baiyun, year=YEAR, title=title, form=SupervisionForm.RESEARCH,
                                timing_kind=TimingKind.YEAR, progress=progress)
        for title, progress in make
    ]


def _request(query="", session=None):
    request = RequestFactory().get("/items/" + (f"?{query}" if query else ""))
    request.session = {} if session is None else session
    return request


def _queryset():
    return PlanItem.objects.filter(year=YEAR).order_by("pk")


def _page(table):
    """The page's header texts and its rows' cell texts, as a reader sees them."""
    html = render_to_string("_table.html", {"table": table, "rows": table.rows(_queryset())})
    table_html = html[html.index("<table"):]
    headers = [re.sub(r"<[^>]+>", "", th).strip() for th in re.findall(r"<th[^>]*>(.*?)</th>", table_html)]
    rows = [[re.sub(r"<[^>]+>", "", td) for td in re.findall(r"<td[^>]*>(.*?)</td>", tr)]
            for tr in re.findall(r"<tr>(.*?)</tr>", table_html.split("<tbody>")[1], re.S)]
    return html, headers, rows


def _sheet(exporter):
    """The file, its sheet, and the list's rows under the title (row 1) without 序号 (column A)."""
    data = exporter.render()
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    return data, ws, [list(row)[1:] for row in ws.iter_rows(min_row=2, values_only=True)]


def _header(ws) -> list:
    """The list's header: row 2, after 序号."""
    return [c.value for c in ws[2]][1:]


def test_a_column_declared_once_is_on_the_page_and_in_the_file_alike(items):
    table = ItemTable().bind(_request())
    _, headers, rows = _page(table)
    assert headers == ["年度", "事项", "状态"]  # 进度 is not on the page unless chosen
    assert rows[0] == [str(YEAR), "调研事项甲", "未启动"]

    _, ws, sheet = _sheet(TableExporter(_queryset(), table=table))
    assert sheet[0] == ["年度", "事项", "状态", "进度"]  # ... and in the file by default
    assert sheet[1] == [YEAR, "调研事项甲", "未启动", 0.1]
    assert ws["E3"].number_format == "0%"
    assert len(sheet) == 1 + len(items)


def test_the_title_links_to_the_row_and_a_sortable_header_sorts(items):
    html, _, _ = _page(ItemTable().bind(_request(), PlanItemFilterSet(queryset=_queryset())))
    assert f'<a href="/items/{items[0].pk}/">调研事项甲</a>' in html
    assert '<th><a href="?ordering=year">年度</a></th>' in html
    html, _, _ = _page(ItemTable().bind(_request("ordering=year"), PlanItemFilterSet(queryset=_queryset())))
    assert 'aria-sort="ascending"><a href="?ordering=-year">年度</a>' in html
    # Without an ordering in the FilterSet, a header is plain text.
    html, _, _ = _page(ItemTable().bind(_request()))
    assert "<th>年度</th>" in html


def test_choosing_columns_hides_a_column_on_the_page_and_in_the_file(items):
    session = {}
    table = ItemTable().bind(_request("columns=title&columns=progress", session))
    _, headers, rows = _page(table)
    assert headers == ["事项", "进度"]
    assert rows[0] == ["调研事项甲", "10%"]
    _, _, sheet = _sheet(TableExporter(_queryset(), table=table))
    assert sheet[0] == ["事项", "进度"] and sheet[1] == ["调研事项甲", 0.1]

    # Remembered for the next visit; the column that opens a row cannot be left out.
    again = ItemTable().bind(_request("", session))
    assert [h.text for h in again.headers] == ["事项", "进度"]
    only_year = ItemTable().bind(_request("columns=year", session))
    assert [h.text for h in only_year.headers] == ["年度", "事项"]
    # Choosing nothing (or only unknown columns) is the defaults again.
    reset = ItemTable().bind(_request("columns=", session))
    assert [h.text for h in reset.headers] == ["年度", "事项", "状态"] and not session
    assert ItemTable().bind(_request("columns=nonsense")).chosen is None


def test_an_excluded_column_is_neither_shown_nor_offered_nor_written(items):
    table = ItemTable(exclude=["status"]).bind(_request("columns=status&columns=year"))
    assert [h.text for h in table.headers] == ["年度", "事项"]
    assert "status" not in [name for name, _, _ in table.choices]
    _, _, sheet = _sheet(TableExporter(_queryset(), table=table))
    assert sheet[0] == ["年度", "事项"]


@pytest.mark.parametrize("prefix", ["=", "+"])
def test_formula_like_text_is_text_in_the_file(items, prefix):
    data, ws, _ = _sheet(TableExporter(_queryset(), table=ItemTable()))
    cell = next(c for c in ws["C"][2:] if c.value.startswith(prefix))
    assert cell.data_type == "s" and cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as xlsx:
        assert "<f>" not in xlsx.read("xl/worksheets/sheet1.xml").decode()


# --- through a real list: the item list --------------------------------------------------------


def test_the_item_list_and_its_export_show_the_columns_the_user_chose(items, office_client):
    url = reverse("item-list")
    page = office_client.get(url, {"year": YEAR, "columns": ["title", "helpers", "progress"]}).content.decode()
    head = page.split("<tbody>")[0]
    header = re.findall(r"<th[^>]*>(?:<a[^>]*>)?([^<]*)", head.split("<thead>")[1])
    assert header == ["事项", "配合委员会", "进度"]
    assert '<option value="helpers" selected>配合委员会</option>' in head

    # The export, asked for later without ?columns=, writes the same columns (the session remembers them).
    response = office_client.get(url, {"year": YEAR, "export": "xlsx"})
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert _header(ws) == ["事项", "配合委员会", "进度"]
    assert ws.max_row == 2 + len(items)

    office_client.get(url, {"columns": ""})  # back to the defaults
    ws = openpyxl.load_workbook(io.BytesIO(office_client.get(url, {"year": YEAR, "export": "xlsx"}).content)).active
    assert _header(ws)[:3] == ["年度", "事项", "监督形式"]


def test_a_long_export_made_by_a_job_keeps_the_chosen_columns(
    items, office_client, baiyun, monkeypatch, settings, tmp_path, django_capture_on_commit_callbacks
):
    from core import listing
    from plans.exports import PlanItemListExporter
    from renda.celery import app

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(listing, "ASYNC_EXPORT_ROWS", 1)
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    office_client.get(reverse("item-list"), {"columns": ["title", "status"]})
    with django_capture_on_commit_callbacks(execute=True):
        office_client.get(reverse("item-list"), {"year": YEAR, "export": "xlsx"})
    job = BackgroundJob.objects.get(body=baiyun, kind=PlanItemListExporter.identifier)
    assert job.params == {"query": f"year={YEAR}&columns=status"}  # 事项 is always there: no choice
    status = office_client.get(reverse("job-detail", kwargs={"pk": job.pk}) + "?format=json").json()
    ws = openpyxl.load_workbook(io.BytesIO(office_client.get(status["download"]).content)).active
    assert _header(ws) == ["事项", "状态"] and ws.max_row == 2 + len(items)


def test_contact_columns_cannot_be_chosen_by_those_who_may_not_see_them(baiyun):
    from deputies.models import Deputy

    Deputy.objects.create(body=baiyun, name="选列测试代表", phone="13900007777", gender=Deputy.Gender.FEMALE)
    client = client_for("director")
    query = {"q": "选列测试代表", "columns": ["name", "phone", "address"]}
    page = client.get(reverse("deputy-list"), query).content.decode()
    assert "13900007777" not in page and "联系电话" not in page.split("<tbody>")[0]
    export = client.get(reverse("deputy-list"), {**query, "export": "xlsx"})
    ws = openpyxl.load_workbook(io.BytesIO(export.content)).active
    header = _header(ws)
    assert "联系电话" not in header and "通讯地址" not in header and header[:2] == ["代表编号", "姓名"]  # the defaults
    assert "13900007777" not in [str(c.value) for row in ws.iter_rows() for c in row]
