"""`manage.py export_year`: a body's year as a zip of workbooks, each readable and holding the year's rows."""

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

YEAR = 2023
KNOWN_AGENDA_TITLE = "听取和审议区政府关于技能人才培养工作情况的报告，并开展专题询问"
SECOND_BODY_TITLE = "城区内涝治理"  # in the second body's plan and agenda only


def _export(tmp_path, *args):
    out = io.StringIO()
    call_command("export_year", str(YEAR), *args, "--output", str(tmp_path / "year.zip"), stdout=out)
    return zipfile.ZipFile(tmp_path / "year.zip"), out.getvalue()


def _book(archive, path):
    return load_workbook(io.BytesIO(archive.read(path)))


def _rows_after(ws, header_row: int) -> list[tuple]:
    return [row for row in ws.iter_rows(min_row=header_row + 1, values_only=True) if any(v not in (None, "") for v in row)]


def _text(book) -> str:
    return "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """Exported once for the module: it only reads the demo data committed at session start."""
    from django_scopes import scopes_disabled

    from reports.demo import demo_body_name

    with django_db_blocker.unblock(), scopes_disabled():
        archive, output = _export(tmp_path_factory.mktemp("year"), "--body", demo_body_name())
    assert "已导出" in output
    return archive


def test_every_workbook_opens_and_the_manifest_lists_it_with_its_rows(archive, baiyun):
    info = json.loads(archive.read("manifest.json"))
    assert info["body"] == baiyun.name and info["year"] == YEAR and info["generated_at"].startswith("20")
    listed = {w["file"] for w in info["workbooks"]}
    in_zip = {n for n in archive.namelist() if n.endswith(".xlsx")}
    assert listed == in_zip and len(in_zip) >= 12
    readme = archive.read("README.txt").decode()
    for workbook in info["workbooks"]:
        assert f"{workbook['file']} | {workbook['what']} | {workbook['rows']}" in readme
        book = _book(archive, workbook["file"])  # raises on a damaged workbook
        assert book.worksheets and book.worksheets[0].max_row > 1, workbook["file"]
    assert all(w["rows"] > 0 for w in info["workbooks"])


def test_the_workbooks_hold_the_years_rows_of_the_database(archive, baiyun):
    from deputies.models import Suggestion
    from deputies.models.suggestions import SuggestionStatus
    from meetings.models import AgendaItem, MeetingKind
    from plans.models import AnnualPlan, PlanEntry, PlanItem
    from supervision.models import Evaluation, ReviewOpinion, SpecialInquiry

    rows = {w["file"]: w["rows"] for w in json.loads(archive.read("manifest.json"))["workbooks"]}

    items = PlanItem.objects.filter(body=baiyun, year=YEAR)
    listed = _rows_after(_book(archive, "01-工作计划/计划事项一览.xlsx").active, 2)  # a list's file: title, header
    assert len(listed) == rows["01-工作计划/计划事项一览.xlsx"] == items.count() > 50
    assert {r[2] for r in listed} == set(items.values_list("title", flat=True))  # after 序号, 年度

    for plan in AnnualPlan.objects.filter(body=baiyun, year=YEAR):
        path = f"01-工作计划/{YEAR}年度{plan.get_kind_display()}.xlsx"
        ws = _book(archive, path).active
        assert ws["A1"].value == plan.title
        entries = PlanEntry.objects.filter(plan=plan)
        assert len(_rows_after(ws, 2)) == rows[path] == entries.count() > 0

    schedule = _book(archive, f"02-会议与议程/{YEAR}年度各次会议安排.xlsx")
    heard = AgendaItem.objects.filter(meeting__body=baiyun, meeting__year=YEAR, meeting__kind=MeetingKind.STANDING)
    overview = [r for r in _rows_after(schedule["各次会议安排"], 2) if r[3] and r[3] != "（议题待定）"]
    assert len(overview) == heard.count() == rows[f"02-会议与议程/{YEAR}年度各次会议安排.xlsx"]
    assert KNOWN_AGENDA_TITLE in _text(schedule)

    for evaluation in Evaluation.objects.filter(agenda_item__meeting__body=baiyun, agenda_item__meeting__year=YEAR):
        [path] = [p for p in rows if p.startswith("03-满意度测评/") and p.endswith(f"-{evaluation.pk}.xlsx")]
        subjects = [r for r in _rows_after(_book(archive, path).active, 3) if isinstance(r[0], int)]
        assert len(subjects) == evaluation.subjects.count() == rows[path] > 0

    opinions = ReviewOpinion.objects.filter(agenda_item__meeting__body=baiyun, agenda_item__meeting__year=YEAR)
    assert len(_rows_after(_book(archive, "04-审议意见与整改/审议意见.xlsx").active, 2)) == opinions.count() > 0
    inquiries = _book(archive, "05-监督工作/专题询问.xlsx")
    assert len(_rows_after(inquiries.active, 2)) == SpecialInquiry.objects.filter(
        agenda_item__meeting__body=baiyun, agenda_item__meeting__year=YEAR).count()
    assert KNOWN_AGENDA_TITLE in _text(inquiries)

    suggestions = Suggestion.objects.filter(body=baiyun, year=YEAR).exclude(status=SuggestionStatus.DRAFT)
    listed = _rows_after(_book(archive, "06-代表建议/代表建议.xlsx").active, 2)
    assert len(listed) == rows["06-代表建议/代表建议.xlsx"] == suggestions.count() > 100


def test_another_bodys_data_never_enters_the_archive(archive, second_body):
    for name in archive.namelist():
        if name.endswith(".xlsx"):
            assert SECOND_BODY_TITLE not in _text(_book(archive, name)), name


def test_the_second_body_gets_its_own_year(second_body, tmp_path):
    archive, _ = _export(tmp_path, "--body", second_body.name)
    info = json.loads(archive.read("manifest.json"))
    assert info["body"] == second_body.name
    plan = _book(archive, f"01-工作计划/{YEAR}年度监督工作计划.xlsx")
    assert SECOND_BODY_TITLE in _text(plan) and KNOWN_AGENDA_TITLE not in _text(plan)


@pytest.mark.parametrize("args, message", [
    (["--body", "某某区人大常委会"], "没有名为“某某区人大常委会”的人大常委会。现有："),
    ([], "系统中有多个人大常委会，请用 --body 指明是哪一个"),
])
def test_an_unknown_or_missing_body_is_refused_in_chinese(second_body, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        _export(tmp_path, *args)
    assert not list(tmp_path.iterdir())


def test_a_year_without_data_is_refused_and_writes_nothing(baiyun, tmp_path):
    with pytest.raises(CommandError, match=f"{baiyun.name}没有 2019 年度的数据"):
        call_command("export_year", "2019", "--body", baiyun.name, "--output", str(tmp_path / "y.zip"))
    assert not list(tmp_path.iterdir())


def test_an_existing_file_is_not_overwritten_without_force(baiyun, tmp_path):
    (tmp_path / "year.zip").write_bytes(b"keep me")
    with pytest.raises(CommandError, match="文件已存在"):
        _export(tmp_path, "--body", baiyun.name)
    assert (tmp_path / "year.zip").read_bytes() == b"keep me"
