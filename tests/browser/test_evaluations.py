"""The office enters the 17th meeting's 23 department evaluations with the keyboard grid, sees the
results and exports the results table."""

import io

import pytest
from django_scopes import scopes_disabled
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.conftest import restore_session_data


@pytest.fixture
def empty_17th_evaluation(transactional_db):
    from meetings.models import Meeting
    from reports.demo import demo_body_name
    from supervision import evaluations as service
    from supervision.models import Evaluation, Rectification

    with scopes_disabled():
        restore_session_data()
        meeting = Meeting.objects.get(body__name=demo_body_name(), kind="standing", number=17, year=2023)
        item = meeting.agenda_items.get(has_evaluation=True)
        Rectification.objects.filter(evaluation_subject__evaluation__agenda_item=item).delete()
        Evaluation.objects.filter(agenda_item=item).delete()
        return service.create_evaluation(item, service.SOURCE_DEPARTMENTS, title="区政府工作部门满意度测评")


# A tally sheet: (满意, 基本满意, 不满意, 无效) for each of the 23 departments, in order.
TALLY = [(26, 4, 2, 0)] * 23
TALLY[19] = (10, 7, 15, 1)  # 区信访局: 不满意
TALLY[18] = (17, 11, 5, 0)  # 区城市管理综合执法局: 基本满意


def test_office_enters_23_departments_with_the_keyboard(empty_17th_evaluation, live_server, page, login, screenshot):
    login(page, "office")
    page.goto(f"{live_server.url}/supervision/evaluations/{empty_17th_evaluation.pk}/entry/")
    expect(page.locator("table.eval-grid tbody tr")).to_have_count(23)

    # Column by column, as from a tally sheet: type a number, Enter moves down the column.
    for col in range(6):
        page.locator(f'tbody tr[data-row="0"] input[data-col="{col}"]').click()
        for row in range(23):
            value = (TALLY[row] + (37, 33))[col]
            page.keyboard.press("Control+A")
            page.keyboard.type(str(value))
            page.keyboard.press("Enter" if row % 2 == 0 else "ArrowDown")
        focused = page.evaluate("document.activeElement.name")
        assert focused.endswith(["satisfied", "basic", "unsatisfied", "invalid", "in_office", "present"][col])
    # ArrowRight from a full cell moves along the row.
    page.locator('tbody tr[data-row="0"] input[data-col="0"]').click()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.col") == "1"
    expect(page.locator('tbody tr[data-row="19"] td[data-total]')).to_have_text("33")
    screenshot(page, "evaluation-entry-17th")

    page.get_by_role("button", name="保存全部票数").click()
    expect(page.locator(".messages")).to_contain_text("计算 23 个对象的结果")
    results = page.locator("table.results tbody tr")
    expect(results).to_have_count(23)
    expect(page.locator("#subject-" + str(_subject_pk(empty_17th_evaluation, "区信访局")))).to_contain_text("不满意")
    expect(page.locator("svg.eval-chart")).to_be_visible()
    screenshot(page, "evaluation-results-17th")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="导出测评结果表（Excel）").click()
    download = download_info.value
    assert download.suggested_filename.endswith("测评结果表.xlsx")
    wb = load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    ws = wb["测评结果表"]
    results_by_label = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=12).value for r in range(4, 27)}
    assert results_by_label["区信访局"] == "不满意"
    assert results_by_label["区城市管理综合执法局"] == "基本满意"
    assert results_by_label["区政府办"] == "满意"


def _subject_pk(evaluation, label):
    with scopes_disabled():
        return evaluation.subjects.get(label=label).pk
