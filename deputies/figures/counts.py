"""Figures of suggestion handling (建议办理统计) for a congress session or a year: what each number counts.

Scope (统计范围)
    The suggestions and motions raised at the chosen session (?session=<id>), or in the chosen year
    (?year=2023: Suggestion.year, both those raised at a session held that year and those raised
    between sessions), that have been accepted: status 待交办, 已交办待签收, 办理中, 已答复待反馈,
    重新办理 or 已办结. Drafts, those awaiting co-signers or review, and those returned are not
    counted. A committee member counts only the suggestions they may see
    (deputies.permissions.visible_suggestions: those their committee supervises, as the supervising
    committee or under key supervision); the office and directors count all.

Numbers (each also per lead handling unit, 主办单位, the unit now leading the suggestion)
    件数 count               suggestions in scope.
    已交办 assigned          with an assignment date (交办日期).
    已答复 replied           with at least one reply from the lead unit (any round).
    按期答复 on_time         whose first reply came no later than the reply due date of that time
                             (the original date, or the one an approved extension set);
                             按期答复率 = 按期答复 / 已交办.
    逾期未答复 overdue       awaiting a reply (已交办待签收, 办理中, 重新办理) with the reply due date
                             before today — the list's 逾期未答复 filter.
    A类 … D类 class_a…d      by the class of the latest reply; A+B 占比 = (A + B) / 已答复.
    满意 / 基本满意 / 不满意  by the deputy's latest feedback; 有反馈 with_feedback = all three;
                             满意率 = (满意 + 基本满意) / 有反馈.
    已办结 closed            status 已办结 (feedback 满意 or 基本满意 closed it).
    沟通联系 contacted       assigned suggestions with at least one contact (any stage, way or round)
                             recorded by the current lead unit; 沟通联系率 = 沟通联系 / 已交办, shown
                             against the body's target (BodyRules.contact_target_percent).
    当面沟通或共同调研 in_person  assigned suggestions with at least one contact by the lead unit
                             made face to face (当面沟通) or by joint research (共同调研);
                             rate = in_person / 已交办, against BodyRules.in_person_target_percent.
    重点督办 key             under key supervision.
    一把手领办 led_head       marked as led by the handling unit's head (Suggestion.led_by "head").
    班子成员领办 led_member   marked as led by a member of the unit's leadership (led_by "member").
    协办件数 co_count        (per unit only) suggestions in scope for which the unit is an active co-unit.
Shares are percentages with one decimal, None ("—") when the denominator is 0.

Every number is computed by a fixed number of aggregate queries, whatever the size: one for the
totals, one grouped by lead unit, one for co-units, one for unit names, one for the rules.
Numbers the suggestion list can filter for link there (LIST_FILTERS), so the count and the list agree.
"""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from core.models import ReportingBody
from core.rules import rules_for
from deputies.filtersets import SuggestionFilterSet
from deputies.models import Assignment, CongressSession, Contact, Suggestion
from deputies.models.suggestions import AWAITING_REPLY, FeedbackResult, SuggestionStatus
from deputies.permissions import visible_suggestions

S = SuggestionStatus
# Not yet accepted: outside the figures.
NOT_ACCEPTED = (S.DRAFT, S.CONFIRMING, S.SUBMITTED, S.RETURNED)

# The short 口径 shown on the page and in the workbook (the docstring above says it in full).
NOTES = [
    "统计范围：所选会议（或年度）提出、已审查立案的建议和议案；草稿、待附议确认、待审查和已退回的不计。"
    "委员会成员只统计本委督办（含重点督办）的建议。",
    "按期答复：首次答复不晚于当时的答复期限（含经批准延期后的期限）；按期答复率 = 按期答复 ÷ 已交办。",
    "逾期未答复：已交办待签收、办理中或重新办理，且答复期限早于今天。",
    "答复类别按最近一次答复计；A+B 占比 = (A类 + B类) ÷ 已答复。",
    "代表反馈按最近一次反馈计；满意率 = (满意 + 基本满意) ÷ 有反馈的件数。",
    "沟通联系率 = 主办单位至少沟通联系一次的件数 ÷ 已交办；当面沟通或共同调研率 = 主办单位至少当面沟通或共同调研一次的件数 ÷ 已交办。",
    "按承办单位统计的，以现主办单位计；协办件数为该单位作为协办单位的件数。分母为 0 时显示“—”。",
]

LABELS = {
    "count": "件数", "assigned": "已交办", "replied": "已答复", "on_time": "按期答复", "on_time_share": "按期答复率",
    "overdue": "逾期未答复", "class_a": "A类", "class_b": "B类", "class_c": "C类", "class_d": "D类",
    "ab_share": "A+B 占比", "with_feedback": "有反馈", "satisfied": "满意", "basic": "基本满意",
    "unsatisfied": "不满意", "satisfied_share": "满意率（含基本满意）", "closed": "已办结", "contacted": "沟通联系",
    "contact_share": "沟通联系率", "in_person": "当面沟通或共同调研", "in_person_share": "当面沟通或共同调研率",
    "key": "重点督办", "co_count": "协办件数", "led_head": "一把手领办", "led_member": "班子成员领办",
}

# The list's filters that select exactly what a number counts (within the same session or year).
LIST_FILTERS = {
    "count": {"accepted": "true"},
    "assigned": {"assigned": "true"},
    "replied": {"replied": "true"},
    "on_time": {"on_time": "true"},
    "overdue": {"overdue": "true"},
    "class_a": {"reply_class": "A"},
    "class_b": {"reply_class": "B"},
    "class_c": {"reply_class": "C"},
    "class_d": {"reply_class": "D"},
    "satisfied": {"feedback": FeedbackResult.SATISFIED.value},
    "basic": {"feedback": FeedbackResult.BASIC.value},
    "unsatisfied": {"feedback": FeedbackResult.UNSATISFIED.value},
    "closed": {"status": S.CLOSED.value},
    "key": {"is_key": "true"},
    "contacted": {"contacted": "true"},
    "in_person": {"in_person": "true"},
    "led_head": {"led_by": "head"},
    "led_member": {"led_by": "member"},
}


def _conditions(today) -> dict:
    """metric → the condition a suggestion of the scope meets to be counted (names as in the docstring)."""
    return {
        "assigned": Q(assigned_on__isnull=False),
        "replied": Q(replied_on__isnull=False),
        "on_time": Q(first_reply_on_time=True),
        "overdue": Q(status__in=AWAITING_REPLY, reply_due_on__lt=today),
        "class_a": Q(reply_class="A"),
        "class_b": Q(reply_class="B"),
        "class_c": Q(reply_class="C"),
        "class_d": Q(reply_class="D"),
        "with_feedback": Q(feedback__in=FeedbackResult.values),
        "satisfied": Q(feedback=FeedbackResult.SATISFIED),
        "basic": Q(feedback=FeedbackResult.BASIC),
        "unsatisfied": Q(feedback=FeedbackResult.UNSATISFIED),
        "closed": Q(status=S.CLOSED),
        "contacted": Q(assigned_on__isnull=False, lead_contacted=True),
        "in_person": Q(assigned_on__isnull=False, lead_met=True),
        "key": Q(is_key=True),
        "led_head": Q(led_by="head"),
        "led_member": Q(led_by="member"),
    }


def _aggregates(today) -> dict:
    return {"count": Count("pk"), **{name: Count("pk", filter=cond) for name, cond in _conditions(today).items()}}


def _with_contacts(rows):
    # The outer rows carry the body scope; the scope of the inner query would join every row's
    # suggestion again (twice the work of this subquery, per suggestion).
    lead_contacts = Contact.objects.with_scopes_disabled().filter(suggestion=OuterRef("pk"), unit=OuterRef("lead_unit"))
    return rows.annotate(
        lead_contacted=Exists(lead_contacts),
        lead_met=Exists(lead_contacts.filter(way__in=Contact.IN_PERSON)),
    )


def share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _shares(n: dict) -> dict:
    n["on_time_share"] = share(n["on_time"], n["assigned"])
    n["ab_share"] = share(n["class_a"] + n["class_b"], n["replied"])
    n["satisfied_share"] = share(n["satisfied"] + n["basic"], n["with_feedback"])
    n["contact_share"] = share(n["contacted"], n["assigned"])
    n["in_person_share"] = share(n["in_person"], n["assigned"])
    return n


# --- scope ---------------------------------------------------------------------------------------


class ScopeError(ValueError):
    """A bad ?session or ?year; the message is for the user."""


def resolve_scope(body, params) -> dict:
    """{"session": CongressSession | None, "year": int, "label"} from ?session / ?year (default: the latest
    session, or this year when there is none). An unknown session (or another body's) raises
    CongressSession.DoesNotExist; a malformed value ScopeError."""
    session_id, year = (params.get("session") or "").strip(), (params.get("year") or "").strip()
    if session_id:
        if not session_id.isdigit():
            raise ScopeError("会议参数应为会议的编号（数字）。")
        session = CongressSession.objects.get(body=body, pk=int(session_id))
        return {"session": session, "year": session.year, "label": session.name}
    if year:
        if not year.isdigit() or not 1980 <= int(year) <= 2100:
            raise ScopeError(f"年度“{year}”无法识别，请填写如 2023 的年份。")
        return {"session": None, "year": int(year), "label": f"{int(year)} 年"}
    session = CongressSession.objects.filter(body=body).order_by("-start_on", "-pk").first()
    if session is not None:
        return {"session": session, "year": session.year, "label": session.name}
    year = timezone.localdate().year
    return {"session": None, "year": year, "label": f"{year} 年"}


def scope_rows(body, scope: dict, user):
    """The suggestions of the scope that the user may see (before the acceptance rule)."""
    rows = Suggestion.objects.filter(body=body)
    rows = rows.filter(session=scope["session"]) if scope["session"] is not None else rows.filter(year=scope["year"])
    return visible_suggestions(user, rows)


def scope_query(scope: dict) -> dict:
    return {"session": scope["session"].pk} if scope["session"] is not None else {"year": scope["year"]}


def list_query(scope: dict, metric: str, unit_id: int | None = None) -> dict | None:
    """The suggestion list's query string (as a dict) that selects what `metric` counts, or None when the
    list has no such filter."""
    if metric not in LIST_FILTERS:
        return None
    extra = dict(LIST_FILTERS[metric])
    if unit_id is not None:
        extra["lead_unit"] = unit_id
    filters = SuggestionFilterSet.base_filters
    if metric == "count" and "accepted" not in filters:
        extra.pop("accepted")
        # Without that filter the list also shows suggestions not yet accepted; a lead unit implies
        # an assignment, so a unit's count still agrees with the list.
        if unit_id is None and not scope.get("all_accepted"):
            return None
    if any(name not in filters for name in extra):
        return None
    return {**scope_query(scope), **extra}


# --- the figures ---------------------------------------------------------------------------------


def compute(body, scope: dict, user, *, today=None) -> dict:
    """The figures (plain JSON) of the scope for the user; see the module docstring for each number."""
    today = today or timezone.localdate()
    rows = scope_rows(body, scope, user)
    scope = {**scope, "all_accepted": not rows.filter(status__in=NOT_ACCEPTED).exists()}
    counted = _with_contacts(rows.exclude(status__in=NOT_ACCEPTED))
    aggregates = _aggregates(today)

    totals = _shares(counted.aggregate(**aggregates))
    totals["co_count"] = None
    by_unit = {
        r["lead_unit"]: r
        for r in counted.filter(lead_unit__isnull=False).values("lead_unit").annotate(**aggregates).order_by()
    }
    co = dict(
        Assignment.objects.filter(suggestion__in=counted.values("pk"), role=Assignment.Role.CO, active=True)
        .values("unit").annotate(n=Count("suggestion", distinct=True)).order_by().values_list("unit", "n")
    )
    names = {
        u["pk"]: u for u in ReportingBody.objects.filter(pk__in=set(by_unit) | set(co)).values("pk", "name", "order")
    }
    empty = dict.fromkeys(aggregates, 0)
    units = []
    for unit_id, unit in names.items():
        n = _shares({**empty, **{k: v for k, v in by_unit.get(unit_id, {}).items() if k != "lead_unit"}})
        n["co_count"] = co.get(unit_id, 0)
        units.append({"unit": unit_id, "name": unit["name"], "order": unit["order"], **n})
    units.sort(key=lambda u: (-u["count"], -u["co_count"], u["order"], u["unit"]))

    rules = rules_for(body)
    session = scope["session"]
    plain_scope = {
        "session": session.pk if session is not None else None,
        "session_name": session.name if session is not None else "",
        "year": scope["year"],
        "label": scope["label"],
    }
    links = {m: list_query(scope, m) for m in LIST_FILTERS}
    for u in units:
        u["links"] = {m: q for m in LIST_FILTERS if (q := list_query(scope, m, u["unit"])) is not None}
        u.pop("order")
    return {
        "scope": plain_scope,
        "today": today.isoformat(),
        "targets": {"contact_percent": rules.contact_target_percent,
                    "in_person_percent": rules.in_person_target_percent},
        "totals": totals,
        "units": units,
        "links": {m: q for m, q in links.items() if q is not None},
        "labels": LABELS,
        "notes": NOTES,
    }


def year_totals(body, year: int, user, *, today=None) -> tuple[dict, dict]:
    """The year's totals only (one query), and the suggestion list's query for each number it can
    filter: for the dashboard and the year-end summary, which need no per-unit breakdown."""
    today = today or timezone.localdate()
    scope = {"session": None, "year": year, "label": f"{year} 年", "all_accepted": True}
    rows = _with_contacts(scope_rows(body, scope, user).exclude(status__in=NOT_ACCEPTED))
    totals = _shares(rows.aggregate(**_aggregates(today)))
    links = {metric: query for metric in LIST_FILTERS if (query := list_query(scope, metric)) is not None}
    return totals, links
