"""码上见代表 on a phone (390×844): a resident opens a station's page (as its QR code would), leaves a matter with a
photo and gets a receipt code; the station's deputy (deputy-demo) forwards it as the draft of their suggestion;
the resident follows it with the code, sees the answer and rates it. No page scrolls sideways. Screenshots."""

import re

import segno
from django_scopes import scopes_disabled
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
TEXT = "幸福路与和平路交叉口没有红绿灯，早晚高峰学生过马路很危险，建议增设信号灯。"


def _png(tmp_path):
    path = tmp_path / "crossing.png"
    segno.make("crossing").save(str(path), kind="png", scale=8)
    return path


def _station():
    from deputies.models import Deputy

    with scopes_disabled():
        deputy = Deputy.objects.select_related("station").get(user__username="deputy-demo")
        return deputy.body_id, deputy.station


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def test_a_resident_leaves_a_matter_the_deputy_forwards_it_and_the_resident_follows_it(
        demo, live_server, browser, page, login, screenshot, tmp_path):
    body_id, station = _station()
    resident = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=PHONE).new_page()
    resident.set_default_timeout(15_000)
    resident.goto(f"{live_server.url}/public/{body_id}/stations/{station.number}/")
    expect(resident.locator("#page-title")).to_contain_text(station.name)
    _no_sideways_scroll(resident)
    resident.fill("#id_text", TEXT)
    resident.fill("#id_place", "幸福路与和平路交叉口")
    resident.fill("#id_name", "周女士")
    resident.fill("#id_phone", "13912340000")
    resident.set_input_files("#id_photos", str(_png(tmp_path)))
    screenshot(resident, "public-matter-form")
    resident.click("#submit-matter")
    code = resident.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{8}", code)
    assert code not in resident.url
    _no_sideways_scroll(resident)
    screenshot(resident, "public-matter-received")

    page.set_viewport_size(PHONE)
    login(page, "deputy-demo")
    page.goto(f"{live_server.url}/portal/deputy/matters/")
    page.locator("#matter-list a", has_text=TEXT[:20]).click()
    expect(page.locator("#matter-facts")).to_contain_text("13912340000")  # the deputy may call back
    expect(page.locator(".pm-photos a")).to_have_count(1)
    page.fill("#forward-title", "关于在幸福路与和平路交叉口增设信号灯的建议")
    page.click("#forward-submit")
    expect(page.locator("#matter-status")).to_contain_text("已转为代表建议")
    expect(page.locator("#matter-timeline")).to_contain_text("转为代表建议")
    _no_sideways_scroll(page)
    screenshot(page, "portal-deputy-matter-forwarded")
    page.click("#open-draft")
    expect(page.locator("body")).to_contain_text("关于在幸福路与和平路交叉口增设信号灯的建议")

    resident.goto(f"{live_server.url}/public/{body_id}/matters/follow/")
    resident.fill("#id_code", code)
    resident.click("#follow-form button")
    expect(resident.locator("#matter-status")).to_contain_text("已转为代表建议")
    expect(resident.locator("#matter-answer")).to_contain_text("转为代表建议")
    expect(resident.locator("#matter")).not_to_contain_text("13912340000")
    resident.locator("#rate-form button", has_text="满意").first.click()
    expect(resident.locator("#matter-rating")).to_contain_text("满意")
    _no_sideways_scroll(resident)
    screenshot(resident, "public-matter-followed")
    resident.context.close()
