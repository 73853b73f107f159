"""The main navigation: a few sections, each with its pages; the section of the current page is open.

Sections and their pages are named by URL name. A page whose route does not exist (an app left
out of a deployment) is skipped rather than breaking every page.
"""

from functools import lru_cache

from django.urls import NoReverseMatch, reverse

# (section label, [(page label, url name, other url names that belong to this page)])
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
        ("办理统计", "suggestion-figures", ()),
        ("代表名册", "deputy-list", ("deputy-detail", "deputy-create", "deputy-edit", "deputy-import",
                                   "deputy-import-preview", "deputy-import-reupload", "deputy-import-commit",
                                   "deputy-import-status")),
        ("联络站", "station-list", ("station-detail", "station-create", "station-edit")),
        ("进站接待", "reception-list", ("reception-create", "reception-edit", "reception-counts")),
    ]),
    ("账号", [
        ("代表账号", "deputy-accounts", ("deputy-account-reissue", "deputy-account-active")),
        ("单位账号", "unit-accounts", ("unit-contact-reissue", "unit-contact-active")),
    ]),
    # The body administrator's set-up (core.settings_access): shown to administrators only.
    ("设置", [
        ("设置概览", "settings-index", ()),
        ("用户", "settings-users", ("settings-user-create", "settings-user-edit", "settings-user-reissue",
                                  "settings-users-import", "settings-users-template")),
        ("委员会", "settings-committees", ("settings-committee-create", "settings-committee-edit")),
        ("报告单位", "settings-reporting-bodies", ("settings-reporting-body-create", "settings-reporting-body-edit")),
        ("届次与会议编号", "settings-terms", ("settings-term-create", "settings-term-edit")),
        ("期限规则", "body-rules", ()),
        ("接口令牌", "settings-tokens", ("settings-token-revoke",)),
        ("登录记录", "settings-logins", ("settings-login-unlock",)),
        ("提醒记录", "reminder-log", ()),
    ]),
]
# Sections only some roles see (by label); the pages refuse everyone else on the server anyway.
ADMIN_ONLY_SECTIONS = {"设置"}


# What deputies and units' contacts see instead: their portal pages (url names; a page is active
# when the current url name starts with its own).
PORTAL_PAGES = {
    "deputy": [("工作台", "portal-deputy-home"), ("我的建议", "portal-deputy-suggestions"),
               ("写建议", "portal-deputy-draft-new"), ("进站接待", "portal-deputy-receptions")],
    "unit": [("工作台", "portal-unit-home"), ("交办建议", "portal-unit-suggestions"),
             ("审议意见", "portal-unit-opinions"), ("整改", "portal-unit-rectifications")],
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
    """[(label, url, names, [(page label, url, names)])] for the routes that exist."""
    sections = []
    for label, pages in SECTIONS:
        links = []
        for page_label, name, others in pages:
            try:
                links.append((page_label, reverse(name), {name, *others}))
            except NoReverseMatch:
                continue
        if links:
            sections.append((label, links[0][1], set().union(*(names for _, _, names in links)), links))
    return sections


def navigation(request) -> dict:
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else None
    kind = portal_kind(request.user)
    if kind:
        return _portal_navigation(kind, current)
    from core.roles import is_body_admin

    admin = is_body_admin(request.user)
    sections, open_pages = [], []
    for label, url, names, links in _resolved():
        if label in ADMIN_ONLY_SECTIONS and not admin:
            continue
        active = current in names
        sections.append({"label": label, "url": url, "active": active})
        if active:
            open_pages = [{"label": page, "url": link, "active": current in page_names}
                          for page, link, page_names in links]
    return {"nav_sections": sections, "nav_pages": open_pages}
