"""The home page in a real browser, with the Baiyun demo data."""

import re

from playwright.sync_api import expect

STANDING_MEETINGS = ["第十二次会议", "第十三次会议", "第十四次会议", "第十五次会议", "第十六次会议", "第十七次会议", "第十八次会议"]


def test_office_sees_the_standing_committee_meetings(demo, live_server, page, login, screenshot):
    broken = []
    page.on("response", lambda r: broken.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    login(page, "office")
    page.goto(f"{live_server.url}/")
    page.wait_for_load_state("load")
    assert page.url.rstrip("/") == live_server.url.rstrip("/"), f"expected the home page, got {page.url}"

    for title in STANDING_MEETINGS:
        expect(page.get_by_text(title).first, f"{title} on the home page").to_be_visible()

    # The stylesheet (hashed name, served by WhiteNoise) and everything else on the page loaded.
    assert not [b for b in broken if not b.endswith("/favicon.ico")], broken
    # Our stylesheet applied: the top bar is the red of static/css/renda.css.
    assert page.evaluate("getComputedStyle(document.querySelector('.topbar')).backgroundColor") == "rgb(176, 35, 42)"

    path = screenshot(page, "home-office")
    assert path.is_file()
    assert path.stat().st_size > 10_000, f"{path} is only {path.stat().st_size} bytes"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_anonymous_visit_lands_on_the_login_page(live_server, page):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator('input[name="username"]')).to_be_visible()
    expect(page.locator('input[name="password"]')).to_be_visible()
