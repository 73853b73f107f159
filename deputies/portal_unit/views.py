"""The handling unit's portal (承办单位联系人): its workbench and the suggestions assigned to it.

A unit's contact works for one unit (plans.UnitContact) and sees only what is assigned to that
unit now: deputies.permissions.party_suggestions decides which suggestions, a 404 outside them.
The suggestion page and the unit's steps are in deputies/portal_unit/suggestion_views.py; the
review opinions and rectifications addressed to the unit in supervision/views/portal.py.
"""

from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    IntegerField,
    OuterRef,
    Prefetch,
    Subquery,
    Value,
    When,
)
from django.shortcuts import render
from django.utils import timezone

from core.external import my_unit
from core.rules import rules_for
from deputies.models import (
    Assignment,
    Extension,
    Feedback,
    ReassignRequest,
    Signature,
    Suggestion,
)
from deputies.models.suggestions import AWAITING_REPLY, FeedbackResult, SuggestionStatus
from deputies.permissions import party_suggestions
from deputies.suggestions import lifecycle, online
from supervision.models import Rectification, ReviewOpinion
from supervision.permissions import unit_opinions, unit_rectifications

S = SuggestionStatus
RECENT_DECISIONS = 10


def unit_suggestions(user, queryset=None):
    """The suggestions assigned to the contact's unit now (as lead or co-unit)."""
    return party_suggestions(user, queryset if queryset is not None else Suggestion.objects.all())


def my_assignments(request, unit):
    """The unit's active assignments, on suggestions it may see, with the suggestion."""
    return Assignment.objects.filter(
        unit=unit, active=True, suggestion__in=unit_suggestions(request.user)
    ).select_related("suggestion__session")


# --- workbench -----------------------------------------------------------------------------------


def _requests(rows):
    """Pending requests first, then the latest decisions."""
    rows = list(rows.select_related("assignment__suggestion", "assignment__unit").order_by("-asked_on", "-pk"))
    pending = [r for r in rows if r.decision == "pending"]
    decided = sorted((r for r in rows if r.decision != "pending"), key=lambda r: (r.decided_on, r.pk), reverse=True)
    return pending, decided[:RECENT_DECISIONS]


def home(request):
    unit = my_unit(request)
    today = timezone.localdate()
    rules = rules_for(request.renda_body)
    soon = today + timedelta(days=rules.suggestion_soon_due_days)
    mine = my_assignments(request, unit)

    to_sign = list(mine.filter(signed_on__isnull=True).order_by("assigned_on", "pk"))
    for a in to_sign:
        a.sign_due = online.sign_due_on(a, rules)
        a.sign_late = a.sign_due < today
    # 不满意: the deputy judged the last reply; the lead unit owes a new one by the new due date.
    unsatisfied = Feedback.objects.filter(suggestion=OuterRef("suggestion_id"), result=FeedbackResult.UNSATISFIED,
                                          round=OuterRef("suggestion__round") - 1)
    rehandling = list(mine.filter(role=Assignment.Role.LEAD, suggestion__status__in=AWAITING_REPLY,
                                  suggestion__round__gt=1).annotate(
        unsatisfied_on=Subquery(unsatisfied.values("given_on")[:1]),
        unsatisfied_comment=Subquery(unsatisfied.values("comment")[:1]),
    ).order_by("suggestion__reply_due_on", "pk"))
    for a in rehandling:
        a.due_class, a.due_label = lifecycle.due_state(a.suggestion, today, rules.suggestion_soon_due_days)
    replies_due = list(mine.filter(role=Assignment.Role.LEAD, suggestion__status__in=AWAITING_REPLY,
                                   suggestion__reply_due_on__lte=soon).order_by("suggestion__reply_due_on", "pk"))
    for a in replies_due:
        a.due_class, a.due_label = lifecycle.due_state(a.suggestion, today, rules.suggestion_soon_due_days)
    co_due = list(mine.filter(role=Assignment.Role.CO, input_on__isnull=True,
                              suggestion__status__in=AWAITING_REPLY).order_by("due_on", "pk"))
    for a in co_due:
        days = (a.due_on - today).days
        a.due_class = "overdue" if days < 0 else ("soon" if days <= rules.suggestion_soon_due_days else "")
        a.due_label = f"逾期 {-days} 天" if days < 0 else ("今天到期" if days == 0 else f"{days} 天后到期")
    ext_pending, ext_decided = _requests(Extension.objects.filter(assignment__unit=unit))
    re_pending, re_decided = _requests(ReassignRequest.objects.filter(assignment__unit=unit).select_related("new_unit"))
    opinions = list(
        unit_opinions(request.user, ReviewOpinion.objects.select_related("agenda_item__meeting__term"))
        .filter(response_on__isnull=True).order_by("due_on", "pk")
    )
    for o in opinions:
        o.overdue = o.is_overdue(today)
    rectifications = list(
        unit_rectifications(request.user, Rectification.objects.all())
        .filter(status=Rectification.Status.OPEN).order_by("due_on", "pk")
    )
    for r in rectifications:
        r.overdue = r.is_overdue(today)
    return render(request, "portal/unit/home.html", {
        "unit": unit, "contact": request.unit_contact, "today": today, "rules": rules,
        "assigned_count": mine.count(),
        "to_sign": to_sign, "rehandling": rehandling, "replies_due": replies_due, "co_due": co_due,
        "ext_pending": ext_pending, "ext_decided": ext_decided, "pending_count": len(ext_pending) + len(re_pending),
        "re_pending": re_pending, "re_decided": re_decided,
        "opinions": opinions, "rectifications": rectifications,
    })


# --- the list of assigned suggestions ------------------------------------------------------------

# tab → label; _tab_filter says how each narrows the unit's suggestions
TABS = {
    "pending": "待签收",
    "handling": "办理中",
    "replied": "已答复",
    "all": "全部",
}


def _tab_filter(rows, tab, unit):
    mine = Assignment.objects.filter(unit=unit, active=True)
    if tab == "pending":
        return rows.filter(pk__in=mine.filter(signed_on__isnull=True).values("suggestion_id"))
    if tab == "handling":
        return rows.filter(pk__in=mine.filter(signed_on__isnull=False).values("suggestion_id"),
                           status__in=AWAITING_REPLY)
    if tab == "replied":
        return rows.filter(status__in=(S.REPLIED, S.CLOSED))
    return rows


def list_queryset(request, unit):
    """The unit's suggestions, each with `mine` (its own assignment) and signatures: those still being
    handled first, by the unit's own due date, then those replied to."""
    own = Assignment.objects.filter(suggestion=OuterRef("pk"), unit=unit, active=True)
    return unit_suggestions(request.user, Suggestion.objects.select_related("session", "lead_unit")).annotate(
        my_due_on=Subquery(own.values("due_on")[:1]),
        settled=Case(When(status__in=(S.REPLIED, S.CLOSED), then=Value(1)), default=Value(0),
                     output_field=IntegerField()),
    ).prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.filter(unit=unit, active=True), to_attr="mine"),
        Prefetch("signatures", queryset=Signature.objects.select_related("deputy").order_by("order", "pk")),
    ).order_by("settled", "my_due_on", "pk")


def _row(s, today, rules):
    s.my = s.mine[0] if s.mine else None
    proposer = next((x.deputy for x in s.signatures.all() if x.role == Signature.Role.PROPOSER), None)
    s.proposer_name = proposer.name if proposer else ""
    s.due_class, s.due_label = "", ""
    if s.my is not None and s.my.signed_on is None:
        s.sign_due = online.sign_due_on(s.my, rules)
        s.sign_late = s.sign_due < today
    if s.my is not None and s.status in AWAITING_REPLY:
        if s.my.role == Assignment.Role.LEAD:
            s.due_class, s.due_label = lifecycle.due_state(s, today, rules.suggestion_soon_due_days)
        elif s.my.input_on is None and s.my.due_on < today:
            s.due_class, s.due_label = "overdue", "协办意见逾期"
    return s


def suggestion_list(request):
    unit = my_unit(request)
    tab = request.GET.get("tab", "all")
    if tab not in TABS:
        tab = "all"
    base = list_queryset(request, unit)
    counts = {name: _tab_filter(base, name, unit).count() for name in TABS}
    page = Paginator(_tab_filter(base, tab, unit), 30).get_page(request.GET.get("page"))
    today, rules = timezone.localdate(), rules_for(request.renda_body)
    return render(request, "portal/unit/suggestions.html", {
        "unit": unit, "tab": tab, "tabs": [(name, label, counts[name]) for name, label in TABS.items()],
        "page": page, "rows": [_row(s, today, rules) for s in page.object_list], "query": f"tab={tab}",
    })
