"""The figures page of suggestion handling (/suggestions/figures/?session=<id> | ?year=2023), its workbook
(`&export=xlsx`). What each number counts: deputies/figures/counts.py.

Everyone of the body may open it: the office and directors see the figures of every suggestion, a
committee member those of the suggestions visible to them (deputies.permissions.visible_suggestions).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from core.exporters import export_response
from deputies.figures import counts as F
from deputies.figures.exports import FiguresExporter
from deputies.models import CongressSession
from deputies.permissions import reads_all_suggestions


def _list_url():
    try:
        return reverse("suggestion-list")
    except NoReverseMatch:
        return None


def _href(base, query):
    return f"{base}?{urlencode(query)}" if base and query else None


def _cell(part, links, metric, base, share=None):
    return {
        "label": F.LABELS[metric],
        "metric": metric,
        "value": part[metric],
        "url": _href(base, links.get(metric)),
        "share": part[share] if share else None,
        "share_label": F.LABELS[share] if share else "",
    }


def _percent(value) -> str:
    return "—" if value is None else f"{value}%"


def _tiles(figures, base):
    """The headline numbers: counts with their links, shares with what they divide, rates against targets."""
    t, links, targets = figures["totals"], figures["links"], figures["targets"]

    def count(metric, state=""):
        return {"metric": metric, "label": F.LABELS[metric], "value": t[metric],
                "url": _href(base, links.get(metric)), "sub": "", "state": state}

    def rate(metric, part_label, part, whole, target=None):
        value, state = t[metric], ""
        if target is not None and value is not None:
            state = "met" if value >= target else "below"
        sub = f"{part_label} {part} ÷ {F.LABELS[whole]} {t[whole]}" + (f"；目标 {target}%" if target is not None else "")
        return {"metric": metric, "label": F.LABELS[metric], "value": _percent(value), "url": None, "sub": sub,
                "state": state}

    return [
        count("count"), count("assigned"),
        rate("on_time_share", "按期答复", t["on_time"], "assigned"),
        count("overdue", "below" if t["overdue"] else ""),
        rate("ab_share", "A+B", t["class_a"] + t["class_b"], "replied"),
        rate("satisfied_share", "满意+基本满意", t["satisfied"] + t["basic"], "with_feedback"),
        rate("contact_share", "沟通联系", t["contacted"], "assigned", targets["contact_percent"]),
        rate("in_person_share", "当面或调研", t["in_person"], "assigned", targets["in_person_percent"]),
        count("closed"), count("key"),
    ]


def _groups(figures, base):
    t, links = figures["totals"], figures["links"]
    ab = {"label": F.LABELS["ab_share"], "metric": "ab_share", "value": t["class_a"] + t["class_b"], "url": None,
          "share": t["ab_share"], "share_label": "占已答复"}
    return [
        ("交办和答复", [
            _cell(t, links, "count", base), _cell(t, links, "assigned", base), _cell(t, links, "replied", base),
            _cell(t, links, "on_time", base, "on_time_share"), _cell(t, links, "overdue", base),
            _cell(t, links, "closed", base), _cell(t, links, "key", base),
            _cell(t, links, "led_head", base), _cell(t, links, "led_member", base),
        ]),
        ("答复类别（最近一次答复）", [
            _cell(t, links, "class_a", base), _cell(t, links, "class_b", base), _cell(t, links, "class_c", base),
            _cell(t, links, "class_d", base), ab,
        ]),
        ("代表反馈（最近一次反馈）", [
            _cell(t, links, "satisfied", base), _cell(t, links, "basic", base), _cell(t, links, "unsatisfied", base),
            _cell(t, links, "with_feedback", base, "satisfied_share"),
        ]),
        ("沟通联系（主办单位）", [
            _cell(t, links, "contacted", base, "contact_share"), _cell(t, links, "in_person", base, "in_person_share"),
        ]),
    ]


UNIT_CELLS = ["count", "replied", "on_time", "on_time_share", "overdue", "class_a", "class_b", "class_c", "class_d",
              "ab_share", "satisfied_share", "closed", "contact_share", "in_person_share", "key", "led_head", "led_member",
              "co_count"]


def _unit_rows(figures, base):
    targets = {"contact_share": figures["targets"]["contact_percent"],
               "in_person_share": figures["targets"]["in_person_percent"]}
    rows = []
    for unit in figures["units"]:
        cells = []
        for m in UNIT_CELLS:
            value, target = unit[m], targets.get(m)
            cells.append({"metric": m, "value": value, "is_share": m.endswith("_share"),
                          "url": _href(base, unit["links"].get(m)),
                          "below": target is not None and value is not None and value < target})
        rows.append({"unit": unit, "cells": cells})
    return rows


def figures_page(request):
    body = getattr(request, "renda_body", None)
    if body is None:
        raise PermissionDenied("您的账号未归属任何人大常委会，不能查看代表建议办理统计。")
    try:
        scope = F.resolve_scope(body, request.GET)
    except CongressSession.DoesNotExist:
        raise Http404("没有这次会议。") from None
    except F.ScopeError as e:
        messages.error(request, str(e))
        scope = F.resolve_scope(body, {})
    figures = F.compute(body, scope, request.user)
    if request.GET.get("export") == "xlsx":
        return export_response(FiguresExporter(figures, body.name))
    base = _list_url()
    query = F.scope_query(scope)
    return render(request, "deputies/figures/figures.html", {
        "figures": figures,
        "scope": scope,
        "sessions": CongressSession.objects.filter(body=body).order_by("-start_on"),
        "tiles": _tiles(figures, base),
        "groups": _groups(figures, base),
        "list_url": _href(base, query),
        "unit_rows": _unit_rows(figures, base),
        "unit_headers": [F.LABELS[m] for m in UNIT_CELLS],
        "export_url": f"?{urlencode({**query, 'export': 'xlsx'})}",
        "partial": not reads_all_suggestions(request.user),
    })
