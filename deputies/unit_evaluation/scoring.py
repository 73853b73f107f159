"""建议办理工作评价: each handling unit's year score from the suggestions it led (seed 000 (十二)(十三)).

Scope (评价范围)
    The body's suggestions and motions of the year (Suggestion.year) that were assigned (交办日期 set), each
    counted for its current lead unit (主办单位). Co-units are not scored.

Components (each a count of suggestions out of a base; `key`, label, what it counts / its base)
    sign_on_time    按时签收            the lead unit signed for it within BodyRules.suggestion_sign_days of the
                                        assignment / assigned.
    contact         答复前沟通联系      the lead unit recorded a contact with the deputy on or before the first
                                        reply (or any contact when not yet replied) / assigned;
                                        target BodyRules.contact_target_percent (seed: 100 %).
    in_person       当面沟通或共同调研  a contact by the lead unit face to face (当面沟通) or by joint research
                                        (共同调研) / assigned; target BodyRules.in_person_target_percent (50 %).
    reply_on_time   按期答复            the first reply came no later than its due date (extensions included) /
                                        assigned.
    ab_share        A+B 类              the latest reply is class A or B / replied.
    satisfaction    满意或基本满意      the deputy's latest feedback is 满意 or 基本满意 / with feedback.
    rehandling      不满意件按期重新答复 a re-handling reply (round ≥ 2) no later than its due date / suggestions
                                        with a 不满意 feedback.
    no_extension    未延期              no extension approved for the lead unit / assigned.
    special_report  专项报告按期提交    the 不满意情况专项报告 delivered no later than its due date / suggestions
                                        for which the unit owes one (UnsatisfiedReport).

Score
    rate = count ÷ base; attainment = min(1, rate ÷ target) (target 100 % unless named above; a target of 0
    is met); a component whose base is 0 does not apply (shown “—”) and its weight is left out.
    points = weight × attainment ÷ Σ applicable weights × 100; score = Σ points (0–100, one decimal).
    Units are ranked by score, then by their order in the body's list of reporting bodies.

The weights and targets come from BodyRules (the rules page); `rule_params` records them with each result,
and a frozen year (UnitEvaluation rows) keeps what was computed then. One aggregate query computes every
unit, whatever the number of suggestions. `annotate` and `condition` are also the suggestion list's
`component` filter (deputies/filtersets.py), so each number opens the suggestions it counts.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, DateField, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery

from core.models.rules import UNIT_EVALUATION_WEIGHTS
from core.rules import rules_for
from core.year_results import FreezeError, freeze_year  # noqa: F401  (FreezeError: what freeze raises)
from deputies.models import Assignment, Contact, Extension, Feedback, Reply, Suggestion
from deputies.models.suggestions import FeedbackResult, ReplyClass, SuggestionStatus
from deputies.models.unit_evaluation import UnitEvaluation, UnsatisfiedReport

S = SuggestionStatus
NOT_ACCEPTED = (S.DRAFT, S.CONFIRMING, S.SUBMITTED, S.RETURNED)


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    weight_field: str
    base: str  # the key of BASES
    base_label: str
    target_field: str | None = None  # a BodyRules percentage; None: 100 %


BASES = {
    "assigned": Q(assigned_on__isnull=False),
    "replied": Q(replied_on__isnull=False),
    "with_feedback": Q(feedback__in=FeedbackResult.values),
    "unsatisfied": Q(ue_unsatisfied=True),
    "report_owed": Q(ue_report_owed=True),
}

COMPONENTS = [
    Component("sign_on_time", "按时签收", "weight_sign_on_time", "assigned", "主办件"),
    Component("contact", "答复前沟通联系", "weight_contact", "assigned", "主办件", "contact_target_percent"),
    Component("in_person", "当面沟通或共同调研", "weight_in_person", "assigned", "主办件", "in_person_target_percent"),
    Component("reply_on_time", "按期答复", "weight_reply_on_time", "assigned", "主办件"),
    Component("ab_share", "A+B 类", "weight_ab_share", "replied", "已答复"),
    Component("satisfaction", "满意或基本满意", "weight_satisfaction", "with_feedback", "有反馈"),
    Component("rehandling", "不满意件按期重新答复", "weight_rehandling", "unsatisfied", "不满意件"),
    Component("no_extension", "未延期", "weight_extensions", "assigned", "主办件"),
    Component("special_report", "专项报告按期提交", "weight_special_report", "report_owed", "应交专项报告"),
]
BY_KEY = {c.key: c for c in COMPONENTS}
assert [c.weight_field for c in COMPONENTS] == UNIT_EVALUATION_WEIGHTS

CONDITIONS = {
    "sign_on_time": Q(ue_signed_on_time=True),
    "contact": Q(ue_contact_before=True) | Q(ue_first_reply_on__isnull=True, ue_contact_any=True),
    "in_person": Q(ue_in_person=True),
    "reply_on_time": Q(first_reply_on_time=True),
    "ab_share": Q(reply_class__in=(ReplyClass.A, ReplyClass.B)),
    "satisfaction": Q(feedback__in=(FeedbackResult.SATISFIED, FeedbackResult.BASIC)),
    "rehandling": Q(ue_rehandled_on_time=True),
    "no_extension": ~Q(ue_extended=True),
    "special_report": Q(ue_report_on_time=True),
}

# The suggestion list's `component` filter: "<key>" what it counts, "<key>.base" its base, "<key>.missed" the rest.
FILTER_CHOICES = [
    (f"{c.key}{suffix}", f"{c.label}{label}")
    for c in COMPONENTS for suffix, label in (("", "（计入）"), (".base", "（基数）"), (".missed", "（未达到）"))
]


def annotate(rows, sign_days: int):
    """The suggestions with the facts the conditions read (names start with ue_)."""
    # Inner queries run without the scope: the outer rows carry it (as in deputies/figures/counts.py).
    lead = {"suggestion": OuterRef("pk"), "unit": OuterRef("lead_unit")}
    contacts = Contact.objects.with_scopes_disabled().filter(**lead)
    sign_due = ExpressionWrapper(F("assigned_on") + timedelta(days=sign_days), output_field=DateField())
    signed = Assignment.objects.with_scopes_disabled().annotate(sign_due=sign_due).filter(
        role=Assignment.Role.LEAD, active=True, signed_on__isnull=False, signed_on__lte=F("sign_due"), **lead)
    first_reply = Reply.objects.with_scopes_disabled().filter(suggestion=OuterRef("pk"), round=1)
    reports = UnsatisfiedReport.objects.with_scopes_disabled().filter(**lead)
    rows = rows.annotate(
        ue_first_reply_on=Subquery(first_reply.values("replied_on")[:1]),
        ue_signed_on_time=Exists(signed),
        ue_contact_any=Exists(contacts),
        ue_in_person=Exists(contacts.filter(way__in=Contact.IN_PERSON)),
        ue_unsatisfied=Exists(Feedback.objects.with_scopes_disabled().filter(
            suggestion=OuterRef("pk"), result=FeedbackResult.UNSATISFIED)),
        ue_rehandled_on_time=Exists(Reply.objects.with_scopes_disabled().filter(
            suggestion=OuterRef("pk"), round__gt=1, due_on__isnull=False, replied_on__lte=F("due_on"))),
        ue_extended=Exists(Extension.objects.with_scopes_disabled().filter(
            assignment__suggestion=OuterRef("pk"), assignment__unit=OuterRef("lead_unit"),
            decision=Extension.Decision.APPROVED)),
        ue_report_owed=Exists(reports),
        ue_report_on_time=Exists(reports.filter(delivered_on__isnull=False, delivered_on__lte=F("due_on"))),
    )
    return rows.annotate(ue_contact_before=Exists(contacts.filter(contacted_on__lte=OuterRef("ue_first_reply_on"))))


def filter_component(rows, value: str, sign_days: int):
    """The suggestion list narrowed to what a component counts ("key"), its base ("key.base") or the base
    without what it counts ("key.missed")."""
    key, _, part = value.partition(".")
    component = BY_KEY.get(key)
    if component is None:
        return rows
    rows = annotate(rows.filter(assigned_on__isnull=False, lead_unit__isnull=False), sign_days)
    base = BASES[component.base]
    if part == "base":
        return rows.filter(base)
    if part == "missed":
        return rows.filter(base).exclude(CONDITIONS[key])
    return rows.filter(base & CONDITIONS[key])


def rule_params(rules) -> dict:
    return {
        "weights": {c.key: getattr(rules, c.weight_field) for c in COMPONENTS},
        "targets": {c.key: getattr(rules, c.target_field) if c.target_field else 100 for c in COMPONENTS},
        "sign_days": rules.suggestion_sign_days,
        "unsatisfied_report_days": rules.unsatisfied_report_days,
    }


def year_rows(body, year: int):
    return Suggestion.objects.filter(body=body, year=year, assigned_on__isnull=False,
                                     lead_unit__isnull=False).exclude(status__in=NOT_ACCEPTED)


def _aggregates() -> dict:
    out = {f"base_{name}": Count("pk", filter=cond) for name, cond in BASES.items()}
    for c in COMPONENTS:
        out[f"n_{c.key}"] = Count("pk", filter=BASES[c.base] & CONDITIONS[c.key])
    return out


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


def score_unit(counts: dict, params: dict) -> tuple[dict, float]:
    """(components, score) of one unit from its counts {"n_<key>", "base_<base>"} and the rule's params."""
    components, applicable = {}, 0
    for c in COMPONENTS:
        count, base = counts[f"n_{c.key}"], counts[f"base_{c.base}"]
        target, weight = params["targets"][c.key], params["weights"][c.key]
        attainment = None
        if base:
            attainment = 1.0 if target <= 0 else min(1.0, count / base * 100 / target)
            applicable += weight
        components[c.key] = {"label": c.label, "count": count, "base": base, "base_label": c.base_label,
                             "rate": _percent(count, base), "target": target, "weight": weight,
                             "attainment": attainment, "points": None}
    total = 0.0
    for item in components.values():
        if item["attainment"] is not None and applicable:
            exact = item["weight"] * item["attainment"] / applicable * 100
            item["points"] = round(exact, 1)
            total += exact
    return components, round(total, 1)


def compute(body, year: int, *, rules=None) -> list[dict]:
    """Every unit that led an assigned suggestion of the year, ranked: [{unit, name, components, score, rank}]."""
    rules = rules or rules_for(body)
    params = rule_params(rules)
    rows = annotate(year_rows(body, year), params["sign_days"])
    grouped = list(rows.values("lead_unit", "lead_unit__name", "lead_unit__order").annotate(**_aggregates())
                   .order_by())
    result = []
    for counts in grouped:
        components, score = score_unit(counts, params)
        result.append({"unit": counts["lead_unit"], "name": counts["lead_unit__name"],
                       "order": counts["lead_unit__order"], "components": components, "score": score,
                       "rule_params": params})
    result.sort(key=lambda r: (-r["score"], r["order"], r["unit"]))
    for rank, row in enumerate(result, start=1):
        row["rank"] = rank
    return result


def frozen(body, year: int) -> list[dict] | None:
    """The year's stored result, as compute() gives it, or None when the year is not frozen."""
    rows = list(UnitEvaluation.objects.filter(body=body, year=year).select_related("unit", "computed_by")
                .order_by("rank", "pk"))
    if not rows:
        return None
    return [{"unit": r.unit_id, "name": r.unit.name, "order": r.unit.order, "components": r.components,
             "score": float(r.score), "rank": r.rank, "rule_params": r.rule_params, "computed_at": r.computed_at,
             "computed_by": r.computed_by} for r in rows]


def result(body, year: int) -> tuple[list[dict], bool]:
    """(the year's ranking, whether it is the frozen result)."""
    stored = frozen(body, year)
    return (stored, True) if stored is not None else (compute(body, year), False)


def freeze(body, year: int, by) -> list[UnitEvaluation]:
    """定稿: store the year's live computation, with the rule's parameters; a frozen year is never recomputed."""
    return freeze_year(
        UnitEvaluation, body, year, by, lambda: compute(body, year),
        lambda r: {"unit_id": r["unit"], "components": r["components"], "score": Decimal(str(r["score"])),
                   "rank": r["rank"], "rule_params": r["rule_params"]},
        already=f"{year} 年的建议办理工作评价已定稿，不能重复定稿。",
        empty=f"{year} 年没有已交办的建议，无可定稿的评价结果。")


def unit_result(body, year: int, unit) -> tuple[dict | None, bool]:
    """One unit's row of the year (frozen or live), or None when it led no assigned suggestion."""
    ranking, is_frozen = result(body, year)
    return next((r for r in ranking if r["unit"] == unit.pk), None), is_frozen


def lowest(body, year: int, n: int = 5) -> list[dict]:
    """The n lowest-ranked units of the year (frozen or live), lowest first: the directors' dashboard."""
    ranking, _ = result(body, year)
    return list(reversed(ranking[-n:])) if ranking else []
