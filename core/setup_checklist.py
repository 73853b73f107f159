"""A new body's first run: the steps from an empty body to its first plan, and which are done.

Shown on the home page while the body has no plan yet, and on the administrator's settings page.
Each step is done by what the body's data shows, never by a flag someone ticks.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from core.models import BodyMembership, Committee
from core.roles import ADMINISTRATOR, COMMITTEE_MEMBER, OFFICE


@dataclass
class Step:
    title: str
    done: bool
    detail: str
    url: str  # where to do it; "" when the user cannot do it themselves
    who: str  # who does it


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def first_run_steps(body, *, admin: bool, office: bool) -> list[Step]:
    """The four steps (committees → users → this year's plans → meetings) for `body`."""
    committees = Committee.objects.filter(body=body, active=True).exclude(kind=Committee.Kind.OFFICE).count()
    staff = (
        BodyMembership.objects.filter(body=body, user__is_active=True)
        .filter(Q(user__groups__name=OFFICE) | Q(user__groups__name=COMMITTEE_MEMBER))
        .exclude(user__groups__name=ADMINISTRATOR)
        .values("user").distinct().count()
    )
    # Through the body's own relations: the plans and meetings apps point at the body, not the reverse.
    plans = body.plans.count()
    meetings = body.meetings.count()
    return [
        Step("核对委员会", committees > 0,
             f"已有 {committees} 个在用的委员会；核对全称、简称和文件中的其他写法，导入计划时按这些名称识别承办单位。",
             _url("settings-committees") if admin else "", "系统管理员"),
        Step("添加用户", staff > 0,
             f"已有 {staff} 位办公室或委员会的工作人员；为办公室、各委员会负责人和主任会议成员开设账号。",
             _url("settings-users") if admin else "", "系统管理员"),
        Step("录入今年的计划", plans > 0,
             "从 Excel 导入工作要点、监督工作计划等，或逐项录入。",
             _url("plan-import") if office else "", "办公室"),
        Step("排定会议", meetings > 0,
             f"已有 {meetings} 次会议；在会议日历中排定今年的常委会会议和主任会议。",
             _url("meeting-create") if office else "", "办公室"),
    ]


def needs_first_run(body) -> bool:
    return body is not None and not body.plans.exists()
