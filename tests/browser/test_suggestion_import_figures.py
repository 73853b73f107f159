"""The office imports a session's suggestions from a workbook, sees the problems, fixes them, commits; the list
shows them with their due dates; the figures page shows the numbers."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from openpyxl import Workbook
from playwright.sync_api import expect

from supervision.opinions import add_months
from tests.conftest import restore_session_data

HEADER = ["编号", "类别", "标题", "内容", "领衔代表", "附议代表", "分类", "督办委员会", "提出日期", "主办单位", "协办单位",
          "交办日期"]


@pytest.fixture
def setup(transactional_db, settings, tmp_path):
    """The demo data (loaded for the session by tests/conftest.py, or again after a flush), a session of our own
    and three deputies; uploads in tmp."""
    from core.models import Body, Term
    from deputies.models import CongressSession, Deputy
    from reports.demo import demo_body_name

    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    with scopes_disabled():
        restore_session_data()
        body = Body.objects.get(name=demo_body_name())
        session = CongressSession.objects.create(
            body=body, term=Term.objects.get(body=body, number=17), number=92, name="区十七届人大浏览器测试会议",
            start_on=today - timedelta(days=60), end_on=today - timedelta(days=57))
        for code, name in [("B001", "浏览器代表甲"), ("B002", "浏览器代表乙"), ("B003", "浏览器代表丙")]:
            Deputy.objects.create(body=body, code=code, name=name, gender="female")
    return session


def workbook(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["区十七届人大浏览器测试会议代表建议"])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    path.write_bytes(out.getvalue())
    return path


def test_office_imports_suggestions_and_reads_the_figures(setup, live_server, page, login, screenshot, tmp_path):
    session = setup
    assigned_on = session.start_on + timedelta(days=10)
    rows = [
        [1, "建议", "关于增设浏览器路公交站点的建议", "群众出行不便……", "浏览器代表甲", "浏览器代表乙、浏览器代表丙", "城建交通",
         "城建环资工委", None, "区住房建设交通局", "区财政局", assigned_on],
        [2, "建议", "关于改善社区养老服务的建议", "", "浏览器代表乙", "浏览器代表甲", "社会民生", "社会建设工委", None,
         "区民政局", "", assigned_on],
        [3, "议案", "关于制定浏览器测试条例的议案", "", "浏览器代表丙", "", "法制", "", None, "", "", None],
    ]
    bad = workbook(tmp_path / "建议（有误）.xlsx",
                   [rows[0], [*rows[1][:4], "查无此人", *rows[1][5:]], [*rows[2][:5], "浏览器代表丙", *rows[2][6:]]])
    good = workbook(tmp_path / "建议.xlsx", rows)

    login(page, "office")
    page.goto(f"{live_server.url}/suggestions/import/")
    expect(page.get_by_role("heading", name="从 Excel 导入代表建议")).to_be_visible()
    page.get_by_label("提出时间").select_option(label="区十七届人大浏览器测试会议")
    page.get_by_label("工作簿（.xlsx）").set_input_files(str(bad))
    screenshot(page, "suggestion-import-upload")
    page.get_by_role("button", name="上传并预览").click()
    expect(page).to_have_url(re.compile(r"/suggestions/import/\d+/$"))

    problems = page.locator("#problems")
    expect(problems).to_contain_text("第 4 行「领衔代表」：找不到代表“查无此人”")
    expect(problems).to_contain_text("第 5 行「附议代表」：代表“浏览器代表丙”重复署名：已列为领衔代表")
    expect(page.locator("#commit button[type=submit]")).to_be_disabled()
    due = add_months(assigned_on, 3).isoformat()
    expect(page.locator("#row-3")).to_contain_text(f"答复期限 {due}")
    screenshot(page, "suggestion-import-preview-errors")

    page.locator("#reupload-file").set_input_files(str(good))
    page.get_by_role("button", name="上传并重新检查").click()
    expect(page.locator(".messages")).to_contain_text("没有错误")
    expect(page.locator(".summary")).to_contain_text("新增 3 件建议，其中同时交办 2 件")
    screenshot(page, "suggestion-import-preview")
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator("#import-done")).to_contain_text("已导入区十七届人大浏览器测试会议的建议 3 件，其中 2 件已交办")
    screenshot(page, "suggestion-import-done")

    page.get_by_role("link", name="查看导入的建议 →").click()
    table = page.locator("table.suggestions")
    expect(table).to_contain_text("关于增设浏览器路公交站点的建议")
    expect(table).to_contain_text("关于制定浏览器测试条例的议案")
    first = table.locator("tr", has_text="关于增设浏览器路公交站点的建议")
    expect(first).to_contain_text(due)
    expect(first).to_contain_text("区住房建设交通局")
    screenshot(page, "suggestion-import-list")

    page.goto(f"{live_server.url}/suggestions/figures/?session={session.pk}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("区十七届人大浏览器测试会议")
    totals = page.locator("#totals")
    expect(totals.locator('tr[data-metric="count"] td.num').first).to_have_text("3")
    expect(totals.locator('tr[data-metric="assigned"] td.num').first).to_have_text("2")
    expect(page.locator("#units")).to_contain_text("区住房建设交通局")
    expect(page.locator("#units")).to_contain_text("区财政局")
    expect(page.locator("#definitions")).to_contain_text("统计口径")
    screenshot(page, "suggestion-figures")

    # A number opens the list it counts.
    page.goto(f"{live_server.url}/suggestions/figures/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("区十七届人大浏览器测试会议")  # the latest session
    unit_row = page.locator("#units tr", has_text="区民政局")
    unit_row.locator('td[data-metric="count"] a').click()
    expect(page).to_have_url(re.compile(r"/suggestions/\?"))
    expect(page.locator("table.suggestions tbody tr")).to_have_count(1)
    expect(page.locator("table.suggestions")).to_contain_text("关于改善社区养老服务的建议")


def test_directors_read_the_figures_of_the_demo_session(setup, live_server, page, login, screenshot):
    login(page, "director")
    page.goto(f"{live_server.url}/suggestions/figures/?year=2023")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2023 年")
    expect(page.locator("#units tbody tr").first).to_be_visible()
    screenshot(page, "suggestion-figures-2023-director")


def test_office_imports_the_roster(setup, live_server, page, login, screenshot, tmp_path):
    header = ["代表编号", "姓名", "性别", "代表层级", "代表小组", "选区", "联络站编号", "界别", "工作单位及职务", "联系电话",
              "通讯地址", "状态", "状态变更日期"]
    wb = Workbook()
    ws = wb.active
    ws.append(["代表名册"])
    ws.append(header)
    ws.append(["B001", "浏览器代表甲", "女", "区、市", "第一代表小组", "第1选区", "ZX01", "专业技术人员", "某医院院长",
               "13800000001", "白云区某路1号", "在任", None])
    ws.append(["B100", "浏览器新代表", "男", "区", "第二代表小组", "第2选区", "ZX99", "", "", "", "", "在任", None])
    path = tmp_path / "名册.xlsx"
    out = io.BytesIO()
    wb.save(out)
    path.write_bytes(out.getvalue())

    login(page, "office")
    page.goto(f"{live_server.url}/deputies/import/")
    page.get_by_label("工作簿（.xlsx）").set_input_files(str(path))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("#problems")).to_contain_text("第 4 行「联络站编号」：找不到编号为“ZX99”的联络站")
    expect(page.locator("#row-3")).to_contain_text("工作单位及职务：（空） → 某医院院长")
    screenshot(page, "deputy-import-preview")
    ws["G4"] = "ZX02"
    out = io.BytesIO()
    wb.save(out)
    path.write_bytes(out.getvalue())
    page.locator("#reupload-file").set_input_files(str(path))
    page.get_by_role("button", name="上传并重新检查").click()
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator("#import-done")).to_contain_text("代表名册已导入：新增 1 位，更新 1 位，无变化 0 位。")
    screenshot(page, "deputy-import-done")
