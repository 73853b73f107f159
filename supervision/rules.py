"""Satisfaction evaluation results (满意度测评): counts in, result out, by the rule in force.

Three rules (core.models.rules.EvaluationRule, chosen per body in BodyRules):

- half_of_members (Zhenhai, the default): 满意 when 满意 votes are MORE than half of the members in
  office; else 基本满意 when 满意 + 基本满意 are more than half; else 不满意.
- half_of_present: the same against the members present at the vote.
- rate_threshold: the rate (满意 + 基本满意) / valid votes, as DOMAIN.md and the BodyRules help
  text word it, is compared with two thresholds: ≥ evaluation_threshold% → 满意; else
  ≥ evaluation_basic_threshold% → 基本满意; else 不满意. The 满意-only rate is shown beside it
  but decides nothing. Valid votes are 满意 + 基本满意 + 不满意; with none (every ballot invalid)
  there is no rate and the result is 不满意.

"Exactly half" is not more than half. Invalid ballots count as present but are not valid votes,
so under the half rules they never help a subject. All comparisons are in integers (no floats).

The rule and the parameters a result was computed with are returned with it and stored on the
subject (EvaluationSubject.rule / rule_params): a later change of BodyRules never alters them.
"""

from core.models.rules import EvaluationRule
from supervision.models import EvaluationResult

COUNT_FIELDS = ("satisfied", "basic", "unsatisfied", "invalid", "in_office", "present")
COUNT_LABELS = {
    "satisfied": "满意",
    "basic": "基本满意",
    "unsatisfied": "不满意",
    "invalid": "无效票",
    "in_office": "组成人员数",
    "present": "出席人数",
}
MAX_COUNT = 10_000


def rule_and_params(body_rules) -> tuple[str, dict]:
    """The rule in force for a body and the parameters it needs, read from its BodyRules row."""
    rule = body_rules.evaluation_rule
    if rule == EvaluationRule.RATE_THRESHOLD:
        return rule, {
            "threshold": body_rules.evaluation_threshold,
            "basic_threshold": body_rules.evaluation_basic_threshold,
        }
    return rule, {}


def ballots(counts: dict) -> int:
    return counts["satisfied"] + counts["basic"] + counts["unsatisfied"] + counts["invalid"]


def valid_votes(counts: dict) -> int:
    return counts["satisfied"] + counts["basic"] + counts["unsatisfied"]


def count_errors(label: str, counts: dict) -> list[str]:
    """What is wrong with one subject's counts, each message naming the subject; [] when fine."""
    missing = [COUNT_LABELS[f] for f in COUNT_FIELDS if counts.get(f) is None]
    if missing:
        return [f"{label}：请填写{'、'.join(missing)}"]
    bad = [COUNT_LABELS[f] for f in COUNT_FIELDS if not isinstance(counts[f], int) or not 0 <= counts[f] <= MAX_COUNT]
    if bad:
        return [f"{label}：{'、'.join(bad)}应为 0 至 {MAX_COUNT} 的整数"]
    errors = []
    if counts["in_office"] == 0:
        errors.append(f"{label}：组成人员数不能为 0")
    if counts["present"] > counts["in_office"]:
        errors.append(f"{label}：出席人数 {counts['present']} 多于组成人员数 {counts['in_office']}")
    total = ballots(counts)
    if total > counts["present"]:
        errors.append(f"{label}：票数合计 {total} 多于出席人数 {counts['present']}")
    return errors


def _more_than_half(votes: int, base: int) -> bool:
    return votes * 2 > base


def compute_result(counts: dict, rule: str, params: dict | None = None) -> tuple[str, dict]:
    """(result, params_used) for valid counts (see count_errors) under `rule` with `params`.

    params_used records what the result was measured against, to be stored with it.
    """
    params = dict(params or {})
    s, b = counts["satisfied"], counts["basic"]
    if rule in (EvaluationRule.HALF_OF_MEMBERS, EvaluationRule.HALF_OF_PRESENT):
        base_field = "in_office" if rule == EvaluationRule.HALF_OF_MEMBERS else "present"
        base = counts[base_field]
        used = {"base": base_field, "base_count": base}
        if _more_than_half(s, base):
            return EvaluationResult.SATISFIED, used
        if _more_than_half(s + b, base):
            return EvaluationResult.BASIC, used
        return EvaluationResult.UNSATISFIED, used
    if rule == EvaluationRule.RATE_THRESHOLD:
        threshold = int(params.get("threshold", 60))
        basic_threshold = int(params.get("basic_threshold", 50))
        valid = valid_votes(counts)
        used = {"threshold": threshold, "basic_threshold": basic_threshold, "valid": valid}
        if valid == 0:
            return EvaluationResult.UNSATISFIED, used
        if (s + b) * 100 >= threshold * valid:
            return EvaluationResult.SATISFIED, used
        if (s + b) * 100 >= basic_threshold * valid:
            return EvaluationResult.BASIC, used
        return EvaluationResult.UNSATISFIED, used
    raise ValueError(f"unknown evaluation rule: {rule!r}")


def rule_note(rule: str, params: dict) -> str:
    """The rule in words, as printed under a results table."""
    if rule == EvaluationRule.HALF_OF_MEMBERS:
        return "满意票超过组成人员半数为满意；满意与基本满意票之和超过组成人员半数为基本满意；否则为不满意（恰好半数不算超过）。"
    if rule == EvaluationRule.HALF_OF_PRESENT:
        return "满意票超过出席人员半数为满意；满意与基本满意票之和超过出席人员半数为基本满意；否则为不满意（恰好半数不算超过）。"
    if rule == EvaluationRule.RATE_THRESHOLD:
        return (
            f"（满意+基本满意）/有效票达到 {params.get('threshold')}% 为满意，"
            f"达到 {params.get('basic_threshold')}% 为基本满意，否则为不满意；无效票不计入有效票。"
        )
    return ""


def rule_label(rule: str) -> str:
    return dict(EvaluationRule.choices).get(rule, rule or "")


def percent(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return round(part * 100 / whole, 1)
