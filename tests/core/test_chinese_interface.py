"""Issue 21 point 12: no English left in the interface.

The log-in protection pages of the platform's back office, the API answering a browser, the API documentation's
operations and the log-in page's footer: each was partly English, and is Chinese now.
"""

import html
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import reverse

from tests.conftest import client_for

# Technical names that stay as they are (an HTTP header, a hash's name, request methods).
ALLOWED = {"HTTP", "Accept", "IP", "GET", "POST", "sha256"}


def chinese(text) -> bool:
    """Written in Chinese: Chinese characters, and no two English words in a row (names of fields may be English)."""
    text = re.sub(r"`[^`]*`", "", text or "")
    sentence = re.search(r"[A-Za-z]{2,}[’']?[A-Za-z]*[,;]?\s+[A-Za-z]{2,}", text)
    return bool(re.search(r"[\u4e00-\u9fff]", text)) and not sentence


def visible_text(page: str) -> str:
    """What a reader (or a screen reader) gets from the page: no scripts, styles or tags."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def english_words(text: str, data=()) -> set[str]:
    for value in data:
        text = text.replace(value, " ")
    return set(re.findall(r"[A-Za-z]{2,}", text)) - ALLOWED


@pytest.fixture
def login_records(baiyun):
    """What django-axes keeps after the office's account failed to log in twice and then logged in."""
    from django.utils import timezone

    request = {"username": "office", "ip_address": "127.0.0.1", "user_agent": "", "http_accept": "",
               "path_info": "/accounts/login/", "attempt_time": timezone.now()}
    attempt = AccessAttempt.objects.create(**request, get_data="", post_data="", failures_since_start=2)
    failure = AccessFailureLog.objects.create(**request, locked_out=False)
    log = AccessLog.objects.create(**request)
    return attempt, failure, log


def test_login_protection_pages_of_the_back_office_are_chinese(login_records):
    platform = client_for("platform")
    pages = ["/admin/", "/admin/axes/"]
    for record in login_records:
        name = record._meta.model_name
        pages += [f"/admin/axes/{name}/", f"/admin/axes/{name}/{record.pk}/change/"]
    # The records' own values (user names, addresses, browsers, paths) are data, not the interface.
    data = sorted({str(value) for model in (AccessAttempt, AccessFailureLog, AccessLog)
                   for row in model.objects.values("username", "ip_address", "user_agent", "path_info", "http_accept")
                   for value in row.values() if value} | {"platform"}, key=len, reverse=True)
    for url in pages:
        response = platform.get(url)
        assert response.status_code == 200, url
        assert english_words(visible_text(response.content.decode()), data) == set(), url
    attempts = visible_text(platform.get("/admin/axes/accessattempt/").content.decode())
    assert "还可尝试 3 次" in attempts
    record = visible_text(platform.get(f"/admin/axes/accesslog/{login_records[2].pk}/change/").content.decode())
    assert "office 的登录记录" in record


def test_the_api_answers_a_browser_in_json_with_the_reason_in_chinese(baiyun):
    """A deputy who opens an API address in the browser got DRF's English page; now the reason, as JSON."""
    deputy = client_for("deputy-demo")
    response = deputy.get("/api/v1/plan-items/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert "常委会工作人员" in response.json()["detail"]
    office = client_for("office").get("/api/v1/plan-items/", HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert office.status_code == 200 and office["Content-Type"].startswith("application/json")
    assert b"Django REST framework" not in office.content


def test_the_api_documentation_describes_every_operation_in_chinese(office_client):
    schema = office_client.get(reverse("api-schema") + "?format=json").json()
    assert chinese(schema["info"]["title"])
    operations = [(f"{method.upper()} {path}", operation) for path, methods in schema["paths"].items()
                  for method, operation in methods.items()]
    assert len(operations) > 100
    not_chinese = [name for name, operation in operations if not chinese(operation.get("summary"))]
    assert not_chinese == []
    english = [name for name, operation in operations
               if operation.get("description") and not chinese(operation["description"])]
    assert english == []
    assert all(chinese(tag) for _, operation in operations for tag in operation["tags"])
    item = schema["paths"]["/api/v1/plan-items/{id}/"]["get"]
    assert item["summary"] == "查看计划事项"
    assert [p["description"] for p in item["parameters"] if p["name"] == "id"] == ["计划事项的编号"]
    machine = [name for name, operation in operations for p in operation.get("parameters", [])
               if "唯一整数值" in (p.get("description") or "")]
    assert machine == []


def test_the_api_documentation_page_needs_no_inline_style(office_client):
    response = office_client.get(reverse("api-docs"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<style" not in page and " style=" not in page
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "接口文档" in page and 'lang="zh-Hans"' in page


def test_the_login_page_footer_is_chinese(client, baiyun):
    text = visible_text(client.get(reverse("login")).content.decode())
    assert "renda" not in text
    assert english_words(text) == set()
