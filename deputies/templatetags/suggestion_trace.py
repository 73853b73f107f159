"""The trace of suggestions into supervision (issue 22 §2), for two pages that include a template of deputies/:

- a plan item's page (plans/item_detail.html, which cannot import deputies) lists the suggestions it was drawn up
  from: {% plan_item_sources item as sources %};
- a suggestion's staff page shows one timeline from the suggestion's own steps to the plan item drawn from it,
  that item's agenda items, their review opinions and evaluations: {% suggestion_trace s as trace %}.

Both ask a fixed number of queries, however many rows: the sources with their suggestions (one), and for the trace
the sources with their items, the items' plans, agenda items, opinions and evaluations (one each, prefetched).
Only suggestions the user may see are listed (deputies.permissions.visible_suggestions).
"""

from django import template
from django.db.models import Prefetch
from django.urls import reverse

from deputies.models import PlanItemSource, Suggestion, SuggestionEvent
from deputies.permissions import visible_suggestions
from meetings.models import AgendaItem
from plans.models import PlanEntry
from supervision.models import Evaluation, ReviewOpinion

register = template.Library()

# The suggestion's own steps the trace shows (the full record stays in 办理记录).
OWN_STEPS = (SuggestionEvent.Kind.ACCEPTED, SuggestionEvent.Kind.ASSIGNED, SuggestionEvent.Kind.REPLIED,
             SuggestionEvent.Kind.FEEDBACK, SuggestionEvent.Kind.REHANDLING, SuggestionEvent.Kind.CLOSED)


@register.simple_tag(takes_context=True)
def plan_item_sources(context, item) -> list:
    """The source suggestions of a plan item that the page's user may see, by year and number."""
    request = context.get("request")
    if request is None or item is None:
        return []
    visible = visible_suggestions(request.user, Suggestion.objects.all()).values("pk")
    return list(PlanItemSource.objects.filter(plan_item=item, suggestion__in=visible)
                .select_related("suggestion__session", "suggestion__lead_unit", "created_by")
                .order_by("-suggestion__year", "suggestion__number", "suggestion_id"))


def _step(kind, label, on, text, url=None, css=""):
    return {"kind": kind, "label": label, "on": on, "text": text, "url": url, "css": css}


def _downstream(suggestion) -> list[dict]:
    agenda = AgendaItem.objects.select_related("meeting__term").order_by("meeting__date", "order", "pk").prefetch_related(
        Prefetch("review_opinions", queryset=ReviewOpinion.objects.select_related("reporting_body").order_by("sent_on", "pk")),
        Prefetch("evaluations", queryset=Evaluation.objects.order_by("held_on", "pk")),
    )
    sources = (PlanItemSource.objects.filter(suggestion=suggestion).select_related("plan_item", "created_by")
               .prefetch_related(Prefetch("plan_item__entries", queryset=PlanEntry.objects.select_related("plan")),
                                 Prefetch("plan_item__agenda_items", queryset=agenda))
               .order_by("created_at", "pk"))
    steps = []
    for source in sources:
        item = source.plan_item
        plans = "、".join(f"《{e.plan.title}》" for e in item.entries.all())
        steps.append(_step("plan-item", "列入计划事项", source.created_at.date(),
                           f"{item.year}年 · {item.get_form_display()} · {item.title}" + (f"（{plans}）" if plans else "")
                           + f" · {item.get_status_display()}", reverse("item-detail", args=[item.pk]), "plan"))
        for agenda_item in item.agenda_items.all():
            meeting = agenda_item.meeting
            steps.append(_step("agenda-item", "会议议题", meeting.date,
                               f"{meeting.title}第 {agenda_item.order} 项：{agenda_item.title}"
                               + (f"（{agenda_item.get_outcome_display()}）" if agenda_item.outcome else ""),
                               reverse("meeting-detail", args=[meeting.pk]), "meeting"))
            for opinion in agenda_item.review_opinions.all():
                response = f"，{opinion.response_on:%Y-%m-%d} 反馈" if opinion.response_on else "，尚未反馈"
                steps.append(_step("opinion", "审议意见", opinion.sent_on,
                                   f"送{opinion.reporting_body.name if opinion.reporting_body else '有关单位'}{response}"
                                   + (f"，工委评价：{opinion.get_assessment_display()}" if opinion.assessment else ""),
                                   reverse("opinion-detail", args=[opinion.pk]), "opinion"))
            for evaluation in agenda_item.evaluations.all():
                steps.append(_step("evaluation", "满意度测评", evaluation.held_on, evaluation.title,
                                   reverse("evaluation-detail", args=[evaluation.pk]), "evaluation"))
    return steps


@register.simple_tag
def suggestion_trace(suggestion) -> dict:
    """{"own": the suggestion's steps (from its prefetched events), "downstream": plan item → agenda item →
    review opinion → evaluation}; empty downstream when no plan item was drawn from it."""
    downstream = _downstream(suggestion)
    if not downstream:
        return {"own": [], "downstream": []}
    own = [_step("raised", "提出", suggestion.raised_on, suggestion.raised_at_label)]
    for event in suggestion.events.all():
        if event.kind in OWN_STEPS:
            own.append(_step(event.kind, event.get_kind_display(), event.on or event.at.date(),
                             event.text[:120] if event.text else (event.get_to_status_display() or "")))
    return {"own": own, "downstream": downstream}
