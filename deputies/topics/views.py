"""建议分析: a session's (or a year's) suggestions by topic (/suggestions/topics/?session=<id> | ?year=2023), with
its workbook (&export=xlsx) and Word briefing (&export=docx); and the office's page that drafts a plan item for
next year from suggestions (/suggestions/to-plan/?ids=1,2,3&title=…). What each number counts:
deputies/topics/analysis.py.

Every staff user reads the topics (a committee member those of the suggestions their committee supervises); the
office exports them and drafts plan items (deputies.permissions).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from core.exporters import export_response
from deputies.models import CongressSession, Suggestion
from deputies.permissions import (
    reads_all_suggestions,
    require,
    to_plan_refusal,
    topics_export_refusal,
    topics_refusal,
    visible_suggestions,
)
from deputies.topics import analysis as A
from deputies.topics import planning
from deputies.topics.exports import TopicsDocument, TopicsWorkbook
from deputies.topics.forms import ToPlanForm, parse_ids
from plans.models import PlanKind

# Suggestions a topic's card lists on the page (the rest through its 件数 link); the files list them all.
SHOWN = 8


def _href(query: dict | None) -> str | None:
    return f"{reverse('suggestion-list')}?{urlencode(query)}" if query else None


def _with_urls(topics: dict) -> dict:
    """The page's links: every number's list address, and each topic's 拟订计划事项 address."""
    feedback_labels = topics["feedback_labels"]
    for t in [*topics["topics"], topics["totals"]]:
        links = t["links"]
        t["count_url"] = _href(links["count"])
        t["repeated_url"] = _href(links["repeated"])
        t["class_cells"] = [{"label": f"{c}类", "value": t["classes"][c], "url": _href(links["classes"][c])}
                            for c in A.CLASSES]
        t["feedback_cells"] = [{"key": f, "label": feedback_labels[f], "value": t["feedbacks"][f],
                                "url": _href(links["feedbacks"][f])} for f in A.FEEDBACKS]
        for u in t["units"]:
            u["url"] = _href(u["link"])
    for t in topics["topics"]:
        t["shown"] = t["suggestions"][:SHOWN]
        ids = ",".join(str(s["pk"]) for s in t["suggestions"])
        title = f"关于{t['keyword'] or t['category'] or '代表建议集中反映问题'}情况的专题调研"
        t["to_plan_url"] = f"{reverse('suggestions-to-plan')}?{urlencode({'ids': ids, 'title': title})}"
    return topics


def _scope(request, body):
    try:
        return A.resolve_scope(body, request.GET)
    except CongressSession.DoesNotExist:
        raise Http404("没有这次会议。") from None
    except A.ScopeError as e:
        messages.error(request, str(e))
        return A.resolve_scope(body, {})


def topics_page(request):
    body = getattr(request, "renda_body", None)
    if body is None:
        raise PermissionDenied("您的账号未归属任何人大常委会，不能查看代表建议分析。")
    require(topics_refusal(request.user))
    export = request.GET.get("export")
    if export:
        require(topics_export_refusal(request.user))
    scope = _scope(request, body)
    topics = A.compute(body, scope, request.user)
    if export == "xlsx":
        return export_response(TopicsWorkbook(topics, body.name))
    if export == "docx":
        return export_response(TopicsDocument(topics, body.name))
    query = A.scope_query(scope)
    years = sorted(set(Suggestion.objects.filter(body=body).values_list("year", flat=True).distinct()), reverse=True)
    return render(request, "deputies/topics/topics.html", {
        "topics": _with_urls(topics),
        "scope": scope,
        "sessions": CongressSession.objects.filter(body=body).order_by("-start_on"),
        "years": years,
        "xlsx_url": f"?{urlencode({**query, 'export': 'xlsx'})}",
        "docx_url": f"?{urlencode({**query, 'export': 'docx'})}",
        "can_export": topics_export_refusal(request.user) is None,
        "can_plan": to_plan_refusal(request.user) is None,
        "partial": not reads_all_suggestions(request.user),
    })


# --- a plan item from suggestions -----------------------------------------------------------------


def _chosen(request, ids):
    rows = visible_suggestions(request.user, Suggestion.objects.filter(pk__in=ids)).exclude(status__in=A.NOT_ACCEPTED)
    return rows.select_related("session").order_by("-year", "number", "pk")


def to_plan(request):
    """GET shows the form for the chosen suggestions (?ids=1,2,3, ?title=…); POST drafts the item and keeps its
    sources, then opens the item's page. Ids the user may not see (another body's, a draft) are left out."""
    require(to_plan_refusal(request.user))
    body = request.renda_body
    source = request.POST if request.method == "POST" else request.GET
    ids = parse_ids(source.get("ids", ""))
    if request.method == "POST":
        ids = [*ids, *(int(v) for v in request.POST.getlist("suggestions") if v.isdigit() and len(v) < 10)]
    suggestions = _chosen(request, ids)
    chosen = list(suggestions)
    next_year = max((s.year for s in chosen), default=timezone.localdate().year - 1) + 1
    initial = {
        "suggestions": [s.pk for s in chosen],
        "title": (request.GET.get("title") or "").strip()[:500],
        "focus": "代表建议反映的问题：" + "；".join(f"{s.number_label}《{s.title}》" for s in chosen[:20])
        + ("等" if len(chosen) > 20 else "") + "。" if chosen else "",
        "year": next_year,
    }
    form = ToPlanForm(request.POST if request.method == "POST" else None, suggestions=suggestions, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = planning.create_item(
                body, request.user, suggestions=list(data["suggestions"]), title=data["title"].strip(),
                form=data["form"], focus=data["focus"], year=data["year"], kind=data["plan_kind"],
                timing_kind=data["timing_kind"], leads=data["lead_committees"],
            )
        except planning.PlanAdopted as e:
            form.add_error("plan_kind", str(e))
        else:
            messages.success(request, f"已根据 {len(data['suggestions'])} 件代表建议拟订计划事项“{item.title[:40]}”。")
            return redirect("item-detail", pk=item.pk)
    year = form.data.get("year") if form.is_bound else initial["year"]
    kind = form.data.get("plan_kind") if form.is_bound else PlanKind.SUPERVISION.value
    plan_note = ""
    if str(year).isdigit() and 2000 <= int(year) <= 2100 and kind in PlanKind.values:
        plan_note = planning.plan_note(int(year), kind)
    return render(request, "deputies/topics/to_plan.html", {
        "form": form, "chosen": chosen, "ids": ",".join(str(s.pk) for s in chosen), "plan_note": plan_note,
    })
