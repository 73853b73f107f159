"""The year-end summary: the counts (reports/year_counts.py), the suggestion shares, the other figures
(reports/summary_figures.py), the paragraphs in the usual style, and the comparison with the year before,
made only for the counts that year recorded in full (reports/summary_completeness.py)."""


from django.urls import reverse

from deputies.figures.counts import year_totals
from reports import summary_completeness, summary_figures, year_counts


def _suggestion_shares(body, year, user) -> dict:
    totals, _ = year_totals(body, year, user)
    return {
        "satisfied_share": totals.get("satisfied_share"),
        "ab_share": totals.get("ab_share"),
        "with_feedback": totals.get("with_feedback"),
        "replied": totals.get("replied"),
        "link": reverse("suggestion-figures") + f"?year={year}",
    }


def _percent(value) -> str:
    return "—" if value is None else f"{value:g}%"


def paragraph(v: dict, shares: dict) -> str:
    """The counts in the usual style; a kind of work the year did not have is left out, not said as 0."""

    def some(template, *keys):
        return template.format(*(v[k] for k in keys)) if any(v[k] for k in keys) else ""

    reports = f"听取和审议报告 {v['reports']} 项" + (
        f"（其中计划、预算、决算和审计报告 {v['budget_reports']} 项）" if v["budget_reports"] else "")
    oversight = "、".join(p for p in (
        some("开展执法检查 {} 次", "inspections"), some("专题询问 {} 次", "inquiries"),
        some("对 {} 个部门（项目）开展满意度测评", "evaluations"), some("专题调研 {} 项", "research"),
    ) if p)
    decisions = "，".join(p for p in (
        some("讨论决定重大事项 {} 项", "major_matters"), some("作出决议、决定 {} 项", "resolutions"),
        some("任免国家机关工作人员 {} 人次", "personnel"),
    ) if p)
    text = f"全年共召开常委会会议 {v['standing_meetings']} 次、主任会议 {v['chairpersons_meetings']} 次，{reports}"
    text += f"，{oversight}" if oversight else ""
    text += f"，{decisions}" if decisions else ""
    text += "。"
    suggestions = v["suggestions_at_session"] + v["suggestions_between"]
    if suggestions:
        text += (f"交办代表建议 {suggestions} 件（大会期间 {v['suggestions_at_session']} 件、"
                 f"闭会期间 {v['suggestions_between']} 件）")
        if shares["satisfied_share"] is not None:
            text += f"，代表对办理结果满意和基本满意的占 {_percent(shares['satisfied_share'])}"
        if shares["ab_share"] is not None:
            text += f"，所提问题已解决或列入计划解决（A、B 类）的占 {_percent(shares['ab_share'])}"
        text += "。"
    return text


def comparison(v: dict, before: dict, incomplete: dict[str, list[str]] | None = None) -> str:
    """The changes from the year before, of the counts it recorded in full (`incomplete`: count key → why
    not; those are left out here and named in the summary's "incomplete")."""
    incomplete = incomplete or {}
    compared = [c for c in year_counts.COUNTS if not incomplete.get(c.key)]
    parts = []
    for count in compared:
        now, then = v[count.key], before[count.key]
        if now != then:
            word = "增加" if now > then else "减少"
            parts.append(f"{count.label}{word} {abs(now - then)} {count.unit}")
    if parts:
        return "与上年相比，" + "，".join(parts) + "。"
    if not compared:
        return ""
    return "各项数字与上年相同。" if len(compared) == len(year_counts.COUNTS) else "可比较的各项数字与上年相同。"


def _planned_url(year, key) -> str | None:
    """A planned figure opens the matters it counts, each with what it adds (as on the dashboard)."""
    if key not in year_counts.PLANNED_FORMS:
        return None
    return year_counts.planned_url(year, key)


def summary(body, year: int, user) -> dict:
    v = year_counts.values(body, year)
    before = year_counts.values(body, year - 1)
    has_before = any(before.values())
    incomplete = {}
    if has_before:
        incomplete = summary_completeness.reasons(body, year - 1, before, year_counts.planned(body, year - 1))
    shares = _suggestion_shares(body, year, user)
    planned = year_counts.planned(body, year)
    figures = summary_figures.figures(body, year, user)
    return {
        "year": year,
        "counts": [
            {"key": c.key, "label": c.label, "unit": c.unit, "value": v[c.key], "definition": c.definition,
             "previous": before[c.key] if has_before else None,
             # Whether the year before recorded this count in full (None: no year before); if not, why.
             "previous_complete": (not incomplete.get(c.key)) if has_before else None,
             "previous_gaps": incomplete.get(c.key, []),
             "url": reverse("summary-count", args=[year, c.key]),
             # What the year's adopted plans promised, where a plan can promise it (None: meetings, suggestions).
             "planned": planned.get(c.key), "planned_url": _planned_url(year, c.key)}
            for c in year_counts.COUNTS
        ],
        "planned_note": year_counts.PLANNED_NOTE,
        "suggestions": shares,
        "paragraph": paragraph(v, shares),
        "figures": figures,
        "figures_paragraph": summary_figures.paragraph(figures),
        "comparison": comparison(v, before, incomplete) if has_before else "",
        # The counts of the year before that are not compared, grouped by why ("2022 年数据不完整（…），不作比较").
        "incomplete": summary_completeness.groups(year - 1, incomplete) if has_before else [],
        "completeness_note": summary_completeness.DEFINITION if has_before else "",
        "previous_year": year - 1 if has_before else None,
    }
