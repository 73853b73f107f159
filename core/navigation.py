"""The main navigation: a few sections, each with its pages; the section of the current page is open.

Sections and their pages are named by URL name. A page whose route does not exist (an app left
out of a deployment) is skipped rather than breaking every page.

Each role sees only the links it may follow: a page names who may open it with the very predicate
its view checks (the view refuses everyone else with a 403 that says why), and a section whose
pages are all closed to the user is not shown. tests/core/test_navigation_links.py follows every
link of the header as each role and finds no 403.
"""

from functools import lru_cache

from django.urls import NoReverseMatch, reverse

from core.accounts import account_refusal
from core.roles import is_body_admin, is_director, is_external, is_office
from core.views.rules import can_read_rules


def may_read_duty(user) -> bool:
    """The duty record's pages: what deputies.permissions.duty_read_refusal allows (core cannot import deputies/)."""
    return user.is_authenticated and not is_external(user) and (is_office(user) or is_director(user))


def may_manage_accounts(user) -> bool:
    """The office's pages for deputies' and units' accounts (core.views.accounts.require_office)."""
    return account_refusal(user) is None


def may_read_matters(user) -> bool:
    """The matters residents leave at the stations: the office and directors (deputies.permissions.matters_refusal,
    which core may not import)."""
    from core.roles import is_director, is_office

    return is_office(user) or is_director(user)


# Who may open a page: None (everyone of the body's staff) or the predicate its view checks.
# core.settings_access.require_body_admin: the set-up pages; the API documentation is for the
# administrator who issues the API tokens (other staff may still open /api/docs/ directly).
SETTINGS = is_body_admin

# (section label, [(page label, url name, other url names that belong to this page[, who may open it])])
SECTIONS = [
    ("计划", [
        ("年度计划", "plan-list", ("plan-detail", "plan-edit", "plan-adopt", "plan-adjust", "plan-copy", "plan-create",
                                 "section-create", "section-edit", "plan-import", "plan-import-preview",
                                 "plan-import-mapping", "plan-import-reupload", "plan-import-status", "plan-word-import",
                                 "plan-word-import-preview")),
        ("计划事项", "item-list", ("item-detail", "item-edit", "item-create")),
        ("本委事项", "my-items", ()),
    ]),
    ("会议", [
        ("会议日历", "meeting-calendar", ()),
        ("会议列表", "meeting-list", ("meeting-detail", "meeting-create", "meeting-edit", "agenda-builder",
                                   "agenda-item-create", "agenda-item-edit", "agenda-item-move", "meeting-outcomes",
                                   "meeting-materials")),
        ("日历订阅", "calendar-subscriptions", ()),
    ]),
    ("监督", [
        ("满意度测评", "evaluation-list", ("evaluation-detail", "evaluation-entry", "evaluation-create",
                                      "evaluation-departments", "department-evaluations")),
        ("审议意见", "opinion-list", ("opinion-detail", "opinion-create", "followup-detail")),
        ("整改", "rectification-list", ("rectification-detail", "rectification-create")),
        ("民生实事", "livelihood-list", ("livelihood-detail", "livelihood-create")),
        ("执法检查", "inspection-list", ("inspection-detail", "inspection-create", "inspection-edit",
                                     "inquiry-list", "inquiry-edit")),
    ]),
    ("代表工作", [
        ("代表建议", "suggestion-list", ("suggestion-detail", "suggestion-create", "suggestion-edit",
                                     "suggestion-assign", "suggestion-batch-assign", "suggestion-import",
                                     "suggestion-sign", "suggestion-co-input", "suggestion-contact",
                                     "suggestion-extension", "extension-decide", "suggestion-reply",
                                     "suggestion-feedback", "suggestion-key", "suggestion-key-note",
                                     "suggestion-import-preview", "suggestion-import-reupload",
                                     "suggestion-import-commit", "suggestion-import-status",
                                     "session-list", "session-create", "suggestion-accept", "suggestion-return",
                                     "reassign-decide", "suggestion-requests", "suggestion-publish",
                                     "suggestion-publish-batch")),
        ("连续建议", "thread-list", ("thread-detail", "thread-create", "thread-add", "thread-remove",
                                  "thread-supervise", "thread-note")),
        ("办理统计", "suggestion-figures", ()),
        ("建议分析", "suggestion-topics", ("suggestions-to-plan",)),
        ("办理评价", "unit-evaluation", ("unit-evaluation-freeze",)),
        ("代表名册", "deputy-list", ("deputy-detail", "deputy-create", "deputy-edit", "deputy-import",
                                   "deputy-import-preview", "deputy-import-reupload", "deputy-import-commit",
                                   "deputy-import-status")),
        ("联络站", "station-list", ("station-detail", "station-create", "station-edit")),
        ("进站接待", "reception-list", ("reception-create", "reception-edit", "reception-counts")),
        ("群众反映", "matter-list", ("matter-detail", "matter-step", "station-poster"), may_read_matters),
        ("代表列席", "attendance-list", ("meeting-attendance",)),
        ("代表培训", "training-list", ("training-create", "training-detail", "training-edit")),
        ("履职积分", "duty-overview", ("duty-freeze", "duty-attendance", "duty-declared-list", "duty-declared-detail",
                                   "duty-declared-proof", "duty-deputy"), may_read_duty),
    ]),
    ("账号", [
        ("代表账号", "deputy-accounts", ("deputy-account-reissue", "deputy-account-active"), may_manage_accounts),
        ("单位账号", "unit-accounts", ("unit-contact-reissue", "unit-contact-active"), may_manage_accounts),
    ]),
    # The body administrator's set-up.
    ("设置", [
        ("设置概览", "settings-index", (), SETTINGS),
        ("用户", "settings-users", ("settings-user-create", "settings-user-edit", "settings-user-reissue",
                                  "settings-users-import", "settings-users-template"), SETTINGS),
        ("委员会", "settings-committees", ("settings-committee-create", "settings-committee-edit"), SETTINGS),
        ("报告单位", "settings-reporting-bodies", ("settings-reporting-body-create", "settings-reporting-body-edit"),
         SETTINGS),
        ("届次与会议编号", "settings-terms", ("settings-term-create", "settings-term-edit"), SETTINGS),
        ("期限规则", "body-rules", (), SETTINGS),
        ("接口令牌", "settings-tokens", ("settings-token-revoke",), SETTINGS),
        ("接口文档", "api-docs", (), SETTINGS),
        ("登录记录", "settings-logins", ("settings-login-unlock",), SETTINGS),
        ("提醒记录", "reminder-log", (), SETTINGS),
    ]),
]
# Links after the sections, for those who do not reach the page through a section
# (the administrators find 期限规则 under 设置): (label, url name, who may open it).
MINOR_LINKS = [
    ("期限规则", "body-rules", can_read_rules),
]


# What deputies and units' contacts see instead: their portal pages (url names; a page is active
# when the current url name starts with its own).
PORTAL_PAGES = {
    "deputy": [("工作台", "portal-deputy-home"), ("我的建议", "portal-deputy-suggestions"),
               ("写建议", "portal-deputy-draft-new"), ("进站接待", "portal-deputy-receptions"),
               ("群众反映", "portal-deputy-matters"), ("履职登记", "portal-deputy-duty"), ("日历订阅", "calendar-subscriptions")],
    "unit": [("工作台", "portal-unit-home"), ("交办建议", "portal-unit-suggestions"),
             ("审议意见", "portal-unit-opinions"), ("整改", "portal-unit-rectifications"),
             ("办理评价", "portal-unit-evaluation"), ("日历订阅", "calendar-subscriptions")],
}


def portal_kind(user) -> str:
    """"deputy", "unit" or "" (staff): which portal the user works in."""
    from core.roles import is_deputy, is_external

    if not is_external(user):
        return ""
    return "deputy" if is_deputy(user) else "unit"


def _portal_navigation(kind: str, current: str | None) -> dict:
    sections = []
    for label, name in PORTAL_PAGES[kind]:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        sections.append({"label": label, "url": url, "active": bool(current) and current == name})
    if current and current.startswith("portal-") and not any(s["active"] for s in sections):
        # A detail or step page belongs to the list of its kind (portal-unit-opinion-… → 审议意见);
        # every other one is about a suggestion.
        stems = [(section, name.rstrip("s")) for section, (_, name) in zip(sections, PORTAL_PAGES[kind])]
        owner = next((section for section, stem in stems[2:] if current.startswith(stem)), None)
        if owner is None and len(sections) > 1:
            owner = sections[1]
        if owner is not None:
            owner["active"] = True
    return {"nav_sections": sections, "nav_pages": [], "portal_kind": kind}


@lru_cache(maxsize=1)
def _resolved():
    """[(label, [(page label, url, names, who)])] for the routes that exist."""
    sections = []
    for label, pages in SECTIONS:
        links = []
        for page_label, name, others, *who in pages:
            try:
                links.append((page_label, reverse(name), {name, *others}, who[0] if who else None))
            except NoReverseMatch:
                continue
        if links:
            sections.append((label, links))
    return sections


@lru_cache(maxsize=1)
def _minor_links():
    links = []
    for label, name, who in MINOR_LINKS:
        try:
            links.append((label, reverse(name), name, who))
        except NoReverseMatch:
            continue
    return links


def navigation(request) -> dict:
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else None
    user = request.user
    kind = portal_kind(user)
    if kind:
        return _portal_navigation(kind, current)
    allowed = {}  # predicate -> answer, each asked once per page

    def may(who) -> bool:
        if who is None:
            return True
        if who not in allowed:
            allowed[who] = who(user)
        return allowed[who]

    sections, open_pages, shown = [], [], set()
    for label, links in _resolved():
        links = [link for link in links if may(link[3])]
        if not links:
            continue
        names = set().union(*(page_names for _, _, page_names, _ in links))
        shown |= names
        active = current in names
        sections.append({"label": label, "url": links[0][1], "active": active})
        if active:
            open_pages = [{"label": page, "url": url, "active": current in page_names}
                          for page, url, page_names, _ in links]
    minor = [{"label": label, "url": url, "active": current == name}
             for label, url, name, who in _minor_links() if name not in shown and may(who)]
    return {"nav_sections": sections, "nav_pages": open_pages, "nav_minor": minor}
