"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live_server.

Fixtures:
  browser     one headless Chromium for the session (skips the test when Chromium is missing)
  page        a fresh browser context and page per test (own cookies); on failure a screenshot
              FAILED-<test>.png is saved next to the others
  login       login(page, username): logs in through the real form at /accounts/login/
  screenshot  screenshot(page, name) -> Path: full-page PNG in artifacts/screenshots/<name>.png
  demo        (tests/conftest.py) the session's data, committed, restored after an earlier test's flush

Screenshots are kept in artifacts/screenshots/ at the repository root (gitignored).
"""

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; without this Django refuses
# ORM calls from the test body ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "artifacts" / "screenshots"
DEMO_PASSWORD = "renda-demo"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    path = chromium_path()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)) and not shutil.which(path):
        pytest.skip(
            f"Chromium not found at {path} (set CHROMIUM_PATH, or apt-get install chromium; make test installs it)"
        )
    browser = _playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    failure_shot = SCREENSHOT_DIR / f"FAILED-{re.sub(r'[^A-Za-z0-9_.-]+', '_', request.node.name)}.png"
    if report is not None and report.failed:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(failure_shot), full_page=True)
        except Exception:  # the page may be gone; the test's own error matters more
            pass
    elif report is not None and report.passed:
        failure_shot.unlink(missing_ok=True)  # don't leave a stale one from an earlier run
    context.close()


@pytest.fixture
def screenshot():
    def take(page, name: str) -> Path:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login(live_server):
    """login(page, username, password="renda-demo"): signs in through the real log-in form."""

    def do_login(page, username: str, password: str = DEMO_PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        form = page.locator("form").filter(has=page.locator('input[name="password"]'))
        form.locator('input[name="username"]').fill(username)
        form.locator('input[name="password"]').fill(password)
        with page.expect_navigation():
            form.locator('button[type="submit"], input[type="submit"]').first.click()
        if "/accounts/login/" in page.url:
            text = page.locator("body").inner_text()[:500]
            raise AssertionError(f"log-in as {username!r} failed; still on {page.url}: {text}")
        return page

    return do_login
