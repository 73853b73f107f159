"""The office finds a deputy in the roster, records a reception at their station, and sees the count go up."""

import re

from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect


def _make_station_and_deputies():
    from core.models import Body
    from deputies.models import Deputy, Station
    from reports.demo import demo_body_name

    with scopes_disabled():
        body = Body.objects.get(name=demo_body_name())
        station = Station.objects.create(body=body, kind=Station.Kind.AREA, number="LLQ01", name="浏览器测试片区联络站",
                                         town="测试街道", address="测试路 8 号")
        deputies = [
            Deputy.objects.create(body=body, name=name, gender=gender, station=station, group="浏览器测试小组",
                                  sector="专业技术人员", work_unit=f"测试医院 {title}", code=f"LLQ-{n}",
                                  phone=f"1597531{n:04d}", address="测试路 8 号")
            for n, (name, gender, title) in enumerate([("林晓岚", "female", "副院长"), ("周建国", "male", "主任医师"),
                                                      ("陈思远", "male", "护士长")], start=1)
        ]
    return station, deputies


def test_office_records_a_reception_and_the_count_goes_up(demo, live_server, page, login, screenshot):
    station, deputies = _make_station_and_deputies()
    deputy = deputies[0]
    year = timezone.localdate().year
    login(page, "office")

    # The roster, filtered by station.
    page.goto(f"{live_server.url}/deputies/")
    expect(page.get_by_role("heading", name="代表名册")).to_be_visible()
    screenshot(page, "deputy-list-office")
    page.locator("#deputy-filters").get_by_label("联络站").select_option(str(station.pk))
    page.get_by_role("button", name="筛选").click()
    expect(page.locator(".pagehead .meta")).to_contain_text("共 3 名")
    row = page.locator(f"#deputy-{deputy.pk}")
    expect(row).to_contain_text("林晓岚")
    expect(row).to_contain_text("0 / 4")
    expect(row).to_contain_text("15975310001")  # the office sees phone numbers
    screenshot(page, "deputy-list-filtered")

    # The deputy's page.
    row.get_by_role("link", name="林晓岚").click()
    expect(page.get_by_role("heading", name="林晓岚")).to_be_visible()
    expect(page.locator("#reception-progress")).to_have_text("0 / 4 次")
    expect(page.locator("#deputy-phone")).to_have_text("15975310001")
    screenshot(page, "deputy-detail-office")

    # Counts page before: the deputy is below the target with none.
    page.goto(f"{live_server.url}/deputies/receptions/counts/?year={year}&station={station.pk}")
    expect(page.locator(f"#count-{deputy.pk} .reception-count")).to_have_text("0")

    # Record a reception at the deputy's station, from the deputy's page.
    page.goto(f"{live_server.url}/deputies/{deputy.pk}/")
    page.get_by_role("link", name="登记进站接待").click()
    expect(page).to_have_url(re.compile(rf"/deputies/receptions/new/\?station={station.pk}$"))
    expect(page.locator("legend").first).to_contain_text("本站代表：LLQ01")
    page.get_by_label("接待日期").fill(timezone.localdate().isoformat())
    page.get_by_label("筛选进站代表").fill("林晓")
    expect(page.locator(".picker-option:visible")).to_have_count(1)
    page.get_by_label(re.compile("林晓岚")).check()
    page.get_by_label("筛选进站代表").fill("")
    page.get_by_label(re.compile("周建国")).check()
    expect(page.locator(".picker-count")).to_have_text("已选 2 名")
    page.get_by_label("接待选民人次").fill("6")
    page.get_by_label("反映的问题").fill("社区卫生服务站夜间无人值守\n老旧小区加装电梯进度慢")
    screenshot(page, "reception-form")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("进站代表 2 名")
    expect(page.locator("#station-receptions")).to_contain_text("老旧小区加装电梯进度慢")
    expect(page.locator(f"#station-deputy-{deputy.pk}")).to_contain_text("1 / 4")
    screenshot(page, "station-detail-office")

    # The counts page shows the new reception.
    page.goto(f"{live_server.url}/deputies/receptions/counts/?station={station.pk}")
    expect(page.get_by_role("heading", name=f"{year} 年代表进站接待次数")).to_be_visible()
    expect(page.locator(f"#count-{deputy.pk} .reception-count")).to_have_text("1")
    expect(page.locator(f"#count-{deputies[2].pk} .reception-count")).to_have_text("0")
    expect(page.locator(f"#count-{deputy.pk}")).to_contain_text("差 3 次")
    screenshot(page, "reception-counts-office")

    # A committee member reads the same deputy without contact details.
    page.context.clear_cookies()
    login(page, "lead-caijing")
    page.goto(f"{live_server.url}/deputies/{deputy.pk}/")
    expect(page.locator("#reception-progress")).to_have_text("1 / 4 次")
    assert "15975310001" not in page.content()
    expect(page.get_by_role("link", name="登记进站接待")).to_have_count(0)
    screenshot(page, "deputy-detail-committee")


def test_counts_page_on_the_example_year(demo, live_server, page, login, screenshot):
    """The example receptions of 2023: those below the target come first."""
    login(page, "director")
    page.goto(f"{live_server.url}/deputies/receptions/counts/?year=2023")
    expect(page.get_by_role("heading", name="2023 年代表进站接待次数")).to_be_visible()
    rows = page.locator("#count-table tbody tr")
    expect(rows.first).to_be_visible()
    screenshot(page, "reception-counts-2023")
    page.goto(f"{live_server.url}/deputies/stations/")
    screenshot(page, "station-list")
    # An example deputy's page: receptions of this year, the suggestions they signed (a director reads all).
    page.goto(f"{live_server.url}/deputies/?q=示例代表001")
    page.get_by_role("link", name="示例代表001").click()
    expect(page.locator("h1")).to_contain_text("示例数据")
    expect(page.locator("#deputy-facts")).to_contain_text("仅常委会办公室可见")
    screenshot(page, "deputy-detail-example")
