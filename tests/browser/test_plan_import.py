"""The Excel import in a real browser: upload, see the problems, fix them, commit, see the plan."""

import re

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.conftest import restore_session_data
from tests.plans.test_plan_import import make_workbook

ROWS = [
    (1, "讨论决定区人大代表补选事项", "选联及有关工委", "3-6月", "✓", ""),
    (2, "组织代表开展履职培训", "代表联络工委", "4月", "", "✓"),
    (3, "讨论决定民生实事项目", "财经工委、教科文卫工委及办公室", "13月", "✓", "✓"),
]
FIXED = [*ROWS[:2], (3, "讨论决定民生实事项目", "财经工委、教科文卫工委及办公室", "8-10月", "✓", "✓")]


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    """The demo data (loaded for the session by tests/conftest.py, or again after a flush); uploads in tmp."""

    settings.MEDIA_ROOT = tmp_path / "media"
    with scopes_disabled():
        restore_session_data()


def test_office_imports_a_workbook_and_fixes_its_problems(demo, live_server, page, login, screenshot, tmp_path):
    year = timezone.localdate().year + 1  # next year's plan: nothing in it is overdue yet
    bad_file = tmp_path / f"{year}年主要工作安排表.xlsx"
    bad_file.write_bytes(make_workbook([("讨论决定重大事项(3项)", ROWS)], title=f"{year}年主要工作安排表"))
    fixed_file = tmp_path / f"{year}年主要工作安排表（改）.xlsx"
    fixed_file.write_bytes(make_workbook([("讨论决定重大事项(3项)", FIXED)], title=f"{year}年主要工作安排表"))
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

    login(page, "office")
    page.goto(f"{live_server.url}/plans/import/")
    expect(page.get_by_role("heading", name="从 Excel 导入年度计划")).to_be_visible()
    page.get_by_label("年度").fill(str(year))
    page.get_by_label("计划类别").select_option(label="讨论决定重大事项工作计划")
    page.get_by_label("工作簿（.xlsx）").set_input_files(str(bad_file))
    page.get_by_role("button", name="上传并预览").click()
    expect(page).to_have_url(re.compile(r"/plans/import/\d+/$"))

    # Both problems named by row and column; nothing can be committed yet.
    problems = page.locator("#problems")
    expect(problems).to_contain_text("第 4 行「组织实施部门」：找不到委员会“代表联络工委”")
    expect(problems).to_contain_text("第 5 行「时间」：无法识别时间“13月”")
    expect(page.locator("#commit button[type=submit]")).to_be_disabled()
    expect(page.locator("#rows")).to_contain_text("牵头：选联工委")
    screenshot(page, "plan-import-preview")

    # The unknown unit is mapped to a committee; the preview is computed again.
    page.get_by_label("“代表联络工委”对应的委员会").select_option(label="选联工委（选举联络人事任免工作委员会）")
    page.get_by_role("button", name="按所选对应关系重新检查").click()
    expect(page.locator(".messages")).to_contain_text("已按所选的对应关系重新检查")
    expect(problems).not_to_contain_text("代表联络工委")
    expect(problems).to_contain_text("第 5 行「时间」：无法识别时间“13月”")
    expect(page.locator("#row-4")).to_contain_text("牵头：选联工委")

    # The bad time is fixed in the workbook, which is uploaded again; the mapping is kept.
    page.locator("#reupload-file").set_input_files(str(fixed_file))
    page.get_by_role("button", name="上传并重新检查").click()
    expect(page.locator(".messages")).to_contain_text("没有错误")
    expect(page.locator(".summary")).to_contain_text("没有错误")
    expect(page.locator("#row-5")).to_contain_text("8-10月")
    expect(page.locator("#row-4")).to_contain_text("牵头：选联工委")
    screenshot(page, "plan-import-preview-fixed")

    page.get_by_role("button", name="确认导入").click()
    expect(page).to_have_url(re.compile(r"/plans/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{year} 年度讨论决定重大事项工作计划")
    expect(page.locator(".messages")).to_contain_text("新增 3 项")
    for _, title, *_ in FIXED:
        expect(page.get_by_role("link", name=title)).to_be_visible()
    screenshot(page, "plan-import-done")
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors


def test_a_director_is_refused_with_a_reason(demo, live_server, page, login):
    login(page, "director")
    response = page.goto(f"{live_server.url}/plans/import/")
    assert response.status == 403
    expect(page.locator("body")).to_contain_text("只有办公室可以从 Excel 导入年度计划")
