"""The ranking of the handling units (建议办理工作评价, /suggestions/unit-evaluation/?year=2023), its workbook
(&export=xlsx) and Word file (&export=docx), and the office's 定稿 of a year. What each number counts:
deputies/unit_evaluation/scoring.py. Each count and base links to the suggestion list, filtered to it.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.exporters import export_response
from core.rules import rules_for
from deputies.models import Suggestion
from deputies.permissions import unit_evaluation_freeze_refusal, unit_ranking_refusal
from deputies.unit_evaluation import scoring
from deputies.unit_evaluation.exports import RankingDocument, RankingWorkbook


def _year(request) -> int:
    raw = (request.GET.get("year") or request.POST.get("year") or "").strip()
    if raw.isdigit() and 1980 <= int(raw) <= 2100:
        return int(raw)
    if raw:
        messages.error(request, f"年度“{raw}”无法识别，请填写如 2023 的年份；已显示今年。")
    return timezone.localdate().year


def component_url(year: int, unit_id: int, value: str) -> str:
    return f"{reverse('suggestion-list')}?{urlencode({'year': year, 'lead_unit': unit_id, 'component': value})}"


def decorate(ranking: list[dict], year: int, *, links: bool = True) -> list[dict]:
    """Each row's components in the page's order, with the list's links for the count, the base and the misses."""
    for row in ranking:
        cells = []
        for c in scoring.COMPONENTS:
            item = dict(row["components"].get(c.key) or {})
            item["key"] = c.key
            if item:
                item["missed"] = item["base"] - item["count"]
            if links and item:
                item["count_url"] = component_url(year, row["unit"], c.key)
                item["base_url"] = component_url(year, row["unit"], f"{c.key}.base")
                item["missed_url"] = component_url(year, row["unit"], f"{c.key}.missed")
            cells.append(item)
        row["cells"] = cells
    return ranking


def ranking_page(request):
    refusal = unit_ranking_refusal(request.user)
    if refusal:
        raise PermissionDenied(refusal)
    body = request.renda_body
    if body is None:
        raise PermissionDenied("您的账号未归属任何人大常委会。")
    year = _year(request)
    ranking, is_frozen = scoring.result(body, year)
    params = ranking[0]["rule_params"] if ranking else scoring.rule_params(rules_for(body))
    export = request.GET.get("export")
    if export == "xlsx":
        return export_response(RankingWorkbook(body.name, year, ranking, is_frozen, params))
    if export == "docx":
        return export_response(RankingDocument(body.name, year, ranking, is_frozen, params))
    years = sorted(set(Suggestion.objects.filter(body=body).values_list("year", flat=True).distinct()) | {year},
                   reverse=True)
    query = {"year": year}
    return render(request, "deputies/unit_evaluation/ranking.html", {
        "year": year, "years": years, "rows": decorate(ranking, year), "frozen": is_frozen,
        "frozen_at": ranking[0].get("computed_at") if is_frozen and ranking else None,
        "frozen_by": ranking[0].get("computed_by") if is_frozen and ranking else None,
        "components": scoring.COMPONENTS,
        "weights": [(c, params["weights"][c.key], params["targets"][c.key]) for c in scoring.COMPONENTS],
        "params": params,
        "can_freeze": not is_frozen and bool(ranking) and unit_evaluation_freeze_refusal(request.user) is None,
        "xlsx_url": f"?{urlencode({**query, 'export': 'xlsx'})}",
        "docx_url": f"?{urlencode({**query, 'export': 'docx'})}",
    })


@require_POST
def freeze_view(request):
    refusal = unit_evaluation_freeze_refusal(request.user)
    if refusal:
        raise PermissionDenied(refusal)
    year = _year(request)
    try:
        rows = scoring.freeze(request.renda_body, year, request.user)
    except scoring.FreezeError as e:
        messages.error(request, str(e))
    else:
        messages.success(request,
                         f"{year} 年建议办理工作评价已定稿（{len(rows)} 个承办单位）；此后修改权重不影响该年结果。")
    return redirect(f"{reverse('unit-evaluation')}?{urlencode({'year': year})}")
