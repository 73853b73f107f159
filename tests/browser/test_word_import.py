"""The Word import in a real browser: paste the 监督工作计划, see each field beside its sentence, correct one,
commit, see the plan."""

import re

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.conftest import restore_session_data
from tests.plans.test_word_import import seed_plan


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    """The demo data (loaded for the session by tests/conftest.py, or again after a flush); uploads in tmp."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with scopes_disabled():
        restore_session_data()


def test_office_pastes_a_plan_corrects_a_field_and_commits(demo, live_server, page, login, screenshot):
    year = timezone.localdate().year + 1  # next year's plan: nothing in it is overdue yet
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

    login(page, "office")
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="从 Word 文件导入").click()
    expect(page.get_by_role("heading", name="从 Word 文件导入年度计划")).to_be_visible()
    page.get_by_label("计划全文").fill(seed_plan("supervision"))
    page.get_by_label("年度").fill(str(year))
    page.get_by_role("button", name="读取并预览").click()
    expect(page).to_have_url(re.compile(r"/plans/import/word/\d+/$"))

    # Every item with its fields, each beside the sentence it came from; the plan kind read from the text.
    expect(page.locator(".summary")).to_contain_text("读到 40 项事项")
    expect(page.locator("#plan-kind")).to_have_value("supervision")
    first = page.locator("#item-1")
    expect(first.locator("#r1-title")).to_have_value("听取和审议区法院关于全面推进民法典实施加强民事审判工作情况的报告")
    expect(first).to_contain_text("原文：拟安排在 5 月份常委会会议上听取和审议，有关准备工作由监察司法委员会、监察司法工委负责")
    expect(first).to_contain_text("读作：5月")
    expect(page.locator("#commit button[type=submit]")).to_be_enabled()
    screenshot(page, "plan-word-import-preview")

    # The clerk moves the first item to June and saves; the preview is checked again.
    first.locator("#r1-start_month").select_option("6")
    page.locator("#save-corrections").click()
    expect(page.locator(".messages")).to_contain_text("已保存更正并重新检查，没有错误。")
    expect(page.locator("#item-1")).to_contain_text("读作：6月")
    expect(page.locator("#item-1")).to_contain_text("已更正")

    page.locator("#commit").get_by_role("button", name="提交").click()
    expect(page).to_have_url(re.compile(r"/plans/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{year} 年度监督工作计划")
    expect(page.locator(".messages")).to_contain_text("新增 40 项")
    row = page.get_by_role("row").filter(has=page.get_by_role(
        "link", name="听取和审议区法院关于全面推进民法典实施加强民事审判工作情况的报告"))
    expect(row).to_contain_text("6月")
    screenshot(page, "plan-word-import-done")
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors
