"""/settings/: the body administrator's set-up pages at a glance, with the first-run checklist."""

from django.shortcuts import render

from core.settings_access import require_body_admin
from core.setup_checklist import first_run_steps, needs_first_run

# (title, url name, what it is for)
PAGES = [
    ("用户", "settings-users", "办公室、委员会、主任会议成员和系统管理员的账号：角色、所在委员会、负责人、停用；可从 Excel 批量添加。"),
    ("委员会", "settings-committees", "专门委员会、工作委员会和办事机构：全称、简称、文件中的其他写法、对应关系。"),
    ("报告单位", "settings-reporting-bodies", "一府一委两院和政府部门：名称、其他写法、设立和撤销年度、对口工委。"),
    ("届次与会议编号", "settings-terms", "本届起止日期，以及使用本系统前本届已召开的会议次数。"),
    ("期限规则", "body-rules", "会议材料时间节点、满意度测评、审议意见和代表建议办理的期限。"),
    ("接口令牌", "settings-tokens", "供其他系统调用接口的令牌：只在签发时显示一次，可随时作废。"),
    ("登录记录", "settings-logins", "本级用户的登录、失败和锁定记录；可解除锁定。"),
    ("代表账号", "deputy-accounts", "人大代表登录代表端的账号。"),
    ("单位账号", "unit-accounts", "承办单位联系人登录单位端的账号。"),
]


def settings_index(request):
    body = require_body_admin(request)
    from django.urls import NoReverseMatch, reverse

    pages = []
    for title, name, text in PAGES:
        try:
            pages.append({"title": title, "url": reverse(name), "text": text})
        except NoReverseMatch:
            continue
    return render(request, "settings/index.html", {
        "pages": pages,
        "steps": first_run_steps(body, admin=True, office=True),
        "first_run": needs_first_run(body),
    })
