"""Issue 21 point 10: the header shows each role only the links it can use.

Every link of the header (the main navigation, each section's own pages, the links next to the
user's name) is followed for every role, and none may answer 403: a link the server would refuse
is not shown at all (账号 to a committee member or a director). The API documentation is for the
administrator who issues API tokens: it is a page of 设置, not a link for the office and directors.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.conftest import client_for

ROLES = ["office", "admin", "director", "lead-caijing", "deputy-demo", "unit-demo", "platform"]


class HeaderLinks(HTMLParser):
    """The hrefs inside the page's <header> and its section navigation (nav.subnav)."""

    def __init__(self):
        super().__init__()
        self.open = []  # the header / nav elements we are inside
        self.inside = False
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("header", "nav"):
            self.open.append(tag == "header" or "subnav" in (attrs.get("class") or "").split())
            self.inside = any(self.open)
        elif tag == "a" and self.inside and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag in ("header", "nav") and self.open:
            self.open.pop()
            self.inside = any(self.open)


def header_links(html: str) -> list[str]:
    parser = HeaderLinks()
    parser.feed(html)
    return [link for link in parser.links if link.startswith("/")]


def walk(client) -> dict[str, int]:
    """Every page reachable through header links from the first page, with its status."""
    first = client.get("/", follow=True)
    assert first.status_code == 200
    seen, queue = {}, header_links(first.content.decode())
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            queue += header_links(response.content.decode())
    return seen


@pytest.mark.parametrize("username", ROLES)
def test_no_header_link_is_refused(baiyun, username):
    seen = walk(client_for(username))
    assert len(seen) >= 2, seen
    refused = sorted(url for url, status in seen.items() if status == 403)
    assert refused == [], f"{username} is shown links that answer 403: {refused}"
    broken = sorted(url for url, status in seen.items() if status >= 400)
    assert broken == [], f"{username}: {broken}"


def nav_labels(client) -> list[str]:
    """The main navigation's link texts on the first page."""
    page = client.get("/", follow=True).content.decode()
    nav = re.search(r'<nav class="mainnav[^"]*" aria-label="主导航">(.*?)</nav>', page, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", label).strip() for label in re.findall(r"<a\b[^>]*>(.*?)</a>", nav, re.S)]


@pytest.mark.parametrize(("username", "shown", "hidden"), [
    ("office", {"账号", "期限规则"}, {"设置", "接口文档"}),
    ("director", {"期限规则"}, {"账号", "设置", "接口文档"}),
    ("lead-caijing", {"计划", "会议"}, {"账号", "设置", "期限规则", "接口文档"}),
    ("admin", {"账号", "设置"}, {"接口文档", "期限规则"}),  # both are pages of 设置
])
def test_each_role_sees_its_own_links(baiyun, username, shown, hidden):
    labels = nav_labels(client_for(username))
    assert shown <= set(labels), labels
    assert not hidden & set(labels), labels


def test_the_administrator_finds_the_api_documentation_under_settings(baiyun):
    page = client_for("admin").get(reverse("settings-tokens")).content.decode()
    subnav = re.search(r'<nav class="subnav"[^>]*>(.*?)</nav>', page, re.S).group(1)
    assert f'href="{reverse("api-docs")}"' in subnav and "接口文档" in subnav
