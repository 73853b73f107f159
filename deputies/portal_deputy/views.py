"""The deputy's portal (/portal/deputy/): the work waiting, the deputy's own suggestions, one suggestion.

Phone-first pages for a deputy with an account linked to the roster. Every page starts from
`me(request)`: the Deputy of the account, or a 403 for anyone else (staff work from the staff
pages, units from their own portal). The suggestions are `party_suggestions` (raised or
co-signed, never anyone else's): another's is a 404. The steps a deputy takes on a suggestion
(submit, confirm or decline a co-signature, feedback) and drafting are in
deputies/portal_deputy/steps.py; receptions in deputies/portal_deputy/receptions.py.

The timeline shown to a deputy leaves out what is internal to the office and the units (key
supervision notes, reassignment requests and refusals, the text of a co-unit's input) and never
names who typed a step: the kind, the date and the text.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.rules import rules_for
from deputies.models import Assignment, Feedback, Reply, Signature, Suggestion, SuggestionEvent
from deputies.models.suggestions import SuggestionStatus
from deputies.permissions import deputy_of, draft_refusal, feedback_refusal, party_suggestions
from deputies.stations import receptions as counting
from deputies.suggestions import lifecycle, online
from deputies.suggestions.views import document_response

S = SuggestionStatus
E = SuggestionEvent.Kind
PROPOSER, COSIGNER = Signature.Role.PROPOSER, Signature.Role.COSIGNER

NOT_A_DEPUTY = ("“代表工作台”供与代表名册关联的人大代表账号使用。常委会工作人员请在“代表工作 › 代表建议”中"
                "查看和办理；承办单位请使用本单位的工作台。")


def me(request):
    """The deputy whose portal this is; 403 for staff, units and deputies without a roster link."""
    deputy = deputy_of(request.user)
    if deputy is None:
        raise PermissionDenied(NOT_A_DEPUTY)
    return deputy


def my_suggestions(request, queryset=None):
    """The suggestions I raised (drafts too) or co-signed; the only ones these pages show."""
    return party_suggestions(request.user, Suggestion.objects.all() if queryset is None else queryset)


def with_my_role(queryset, deputy):
    """Annotate `my_role` (proposer / cosigner) and `my_confirmed_on` from my signature."""
    mine = Signature.objects.filter(suggestion=OuterRef("pk"), deputy=deputy)
    return queryset.annotate(my_role=Subquery(mine.values("role")[:1]),
                             my_confirmed_on=Subquery(mine.values("confirmed_on")[:1]))


def return_reasons(suggestion_ids) -> dict[int, str]:
    """The office's latest return reason (RETURNED event) for each suggestion."""
    reasons = {}
    rows = SuggestionEvent.objects.filter(suggestion_id__in=list(suggestion_ids), kind=E.RETURNED).order_by("at", "pk")
    for e in rows.only("suggestion_id", "text"):
        reasons[e.suggestion_id] = e.text.removeprefix("退回代表：")
    return reasons


# --- status groups of the list ----------------------------------------------------------------------

# 审查中: not yet accepted (co-signers confirming, the office checking, or — for a co-signer — back with
# its proposer); 办理中: accepted and being handled. A co-signer's replied one is still in progress.
CHECKING = (S.CONFIRMING, S.SUBMITTED)
IN_PROGRESS = (S.ACCEPTED, S.ASSIGNED, S.HANDLING, S.REHANDLING)
GROUPS = [("", "全部"), ("checking", "审查中"), ("progress", "办理中"), ("feedback", "待我反馈"), ("closed", "已办结"),
          ("drafts", "草稿")]


def group_of(status: str, role: str) -> str:
    """Which list group a suggestion belongs to for me."""
    if status == S.REPLIED:
        return "feedback" if role == PROPOSER else "progress"
    if status == S.CLOSED:
        return "closed"
    if status == S.DRAFT or (status == S.RETURNED and role == PROPOSER):
        return "drafts"
    if status in CHECKING or status == S.RETURNED:
        return "checking"
    return "progress"


GROUP_FILTERS = {
    "checking": Q(status__in=CHECKING) | (Q(status=S.RETURNED) & ~Q(my_role=PROPOSER)),
    "progress": Q(status__in=IN_PROGRESS) | (Q(status=S.REPLIED) & ~Q(my_role=PROPOSER)),
    "feedback": Q(status=S.REPLIED, my_role=PROPOSER),
    "closed": Q(status=S.CLOSED),
    "drafts": Q(status=S.DRAFT) | Q(status=S.RETURNED, my_role=PROPOSER),
}


def mark_due(rows, body, today=None):
    today = today or timezone.localdate()
    soon_days = rules_for(body).suggestion_soon_due_days
    for s in rows:
        s.due_class, s.due_label = lifecycle.due_state(s, today, soon_days)
    return rows


# --- 工作台 ----------------------------------------------------------------------------------------------


def home(request):
    deputy = me(request)
    rows = list(with_my_role(my_suggestions(request), deputy).select_related("lead_unit").annotate(
        proposer_name=Subquery(Signature.objects.filter(suggestion=OuterRef("pk"), role=PROPOSER)
                               .values("deputy__name")[:1]),
    ).order_by("-raised_on", "-pk"))
    to_confirm = [s for s in rows if s.status == S.CONFIRMING and s.my_role == COSIGNER and not s.my_confirmed_on]
    to_feedback = [s for s in rows if s.status == S.REPLIED and s.my_role == PROPOSER]
    drafts = [s for s in rows if s.status in (S.DRAFT, S.RETURNED) and s.my_role == PROPOSER]
    reasons = return_reasons(s.pk for s in drafts if s.status == S.RETURNED)
    for s in drafts:
        s.return_reason = reasons.get(s.pk, "")
    counts = {key: 0 for key, _ in GROUPS}
    for s in rows:
        counts[group_of(s.status, s.my_role)] += 1
    counts[""] = len(rows)
    year = timezone.localdate().year
    target = counting.reception_target(request.renda_body)
    return render(request, "portal/deputy/home.html", {
        "deputy": deputy,
        "to_confirm": to_confirm, "to_feedback": to_feedback, "drafts": drafts,
        "todo_total": len(to_confirm) + len(to_feedback) + len(drafts),
        # Awaiting a reply, the one due first on top (overdue ones marked).
        "awaiting": mark_due(sorted((s for s in rows if s.is_awaiting_reply() and s.reply_due_on),
                                    key=lambda s: s.reply_due_on), request.renda_body),
        "groups": [(key, label, counts[key]) for key, label in GROUPS],
        "year": year, "reception": counting.progress(counting.deputy_reception_count(deputy, year), target),
    })


# --- 我的建议 ---------------------------------------------------------------------------------------------


def list_queryset(request, deputy):
    units = Prefetch("assignments", queryset=Assignment.objects.filter(active=True).select_related("unit")
                     .only("id", "suggestion_id", "role", "unit__name").order_by("-role", "pk"))
    return (with_my_role(my_suggestions(request), deputy).select_related("session")
            .prefetch_related(units).order_by("-year", "-raised_on", "-pk"))


def suggestion_list(request):
    deputy = me(request)
    rows = list_queryset(request, deputy)
    counts = {key: 0 for key, _ in GROUPS}
    for status, role in rows.values_list("status", "my_role"):
        counts[group_of(status, role)] += 1
    counts[""] = sum(counts.values())
    group = request.GET.get("group", "")
    if group not in GROUP_FILTERS:
        group = ""
    if group:
        rows = rows.filter(GROUP_FILTERS[group])
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    shown = mark_due(list(page.object_list), request.renda_body)
    for s in shown:
        s.units = list(s.assignments.all())
    return render(request, "portal/deputy/suggestions.html", {
        "rows": shown, "page": page, "group": group, "query": f"group={group}" if group else "",
        "groups": [(key, label, counts[key]) for key, label in GROUPS],
    })


# --- one suggestion ---------------------------------------------------------------------------------------

# Internal to the office, the committees and the units: never on a deputy's timeline.
HIDDEN_EVENTS = {E.SUPERVISION_NOTE, E.REASSIGN_ASKED}


# What happens next, in the deputy's words (the steps they take themselves have forms of their own).
NEXT_STEP = {
    S.DRAFT: "草稿尚未提交，只有您本人能看到。",
    S.CONFIRMING: "等待附议代表确认；全部确认后报常委会审查。",
    S.SUBMITTED: "等待常委会办公室审查立案。",
    S.RETURNED: "常委会办公室已退回，请修改后重新提交。",
    S.ACCEPTED: "已审查立案，等待交办承办单位。",
    S.ASSIGNED: "已交办，等待承办单位签收办理。",
    S.HANDLING: "承办单位正在办理，答复前会与领衔代表沟通。",
    S.REPLIED: "承办单位已答复，等待领衔代表反馈意见。",
    S.REHANDLING: "领衔代表不满意，承办单位正在重新办理。",
    S.CLOSED: "已办结。",
}
# A co-signer's view of what its proposer does next.
COSIGNER_NEXT_STEP = {
    S.RETURNED: "常委会办公室已退回领衔代表修改；领衔代表修改后重新提交时，会请您再次确认附议。",
}


def deputy_timeline(events) -> list[dict]:
    """The timeline as a deputy sees it: kind, date, text; no one's user name."""
    rows = []
    for e in events:
        if e.kind in HIDDEN_EVENTS:
            continue
        text = e.text
        if e.kind == E.REASSIGNED and not e.text.startswith("同意"):
            continue  # a refused reassignment request changed nothing for the deputy
        if e.kind == E.CO_INPUT:
            text = f"{e.on_behalf_of}向主办单位提交了协办意见" if e.on_behalf_of else "协办单位向主办单位提交了协办意见"
        rows.append({
            "kind": e.kind, "label": e.get_kind_display(), "on": e.on or timezone.localtime(e.at).date(),
            "round": e.round, "text": text,
            "to_status": e.get_to_status_display() if e.to_status and e.to_status != e.from_status else "",
        })
    return rows


def detail_queryset():
    return Suggestion.objects.select_related("session", "lead_unit", "body").prefetch_related(
        Prefetch("signatures", queryset=Signature.objects.select_related("deputy")
                 .defer("deputy__phone", "deputy__address").order_by("order", "pk")),
        Prefetch("assignments", queryset=Assignment.objects.filter(active=True).select_related("unit")
                 .order_by("-role", "pk")),
        Prefetch("replies", queryset=Reply.objects.select_related("unit").order_by("round")),
        Prefetch("feedbacks", queryset=Feedback.objects.order_by("round")),
        Prefetch("events", queryset=SuggestionEvent.objects.defer("by").order_by("at", "pk")),
    )


def get_mine(request, pk, queryset=None):
    return get_object_or_404(my_suggestions(request, queryset if queryset is not None else detail_queryset()), pk=pk)


def step_forms(request, s, deputy, mine, bound=None) -> dict:
    """The steps I may take on this suggestion now, keyed by name; a bound form (refused) replaces one."""
    from deputies.portal_deputy.forms import DeclineForm, FeedbackForm, VersionForm

    initial = {"version": s.version}
    forms = {}
    if mine and mine.role == COSIGNER and s.status == S.CONFIRMING and not mine.confirmed_on:
        forms["confirm"] = VersionForm(prefix="confirm", initial=initial)
        forms["decline"] = DeclineForm(prefix="decline", initial=initial)
    if s.status in online.DEPUTY_EDITABLE and draft_refusal(request.user, s) is None:
        forms["submit"] = VersionForm(prefix="submit", initial=initial)
    if s.status == S.REPLIED and feedback_refusal(request.user, s) is None:
        forms["feedback"] = FeedbackForm(prefix="feedback", initial=initial)
    forms.update(bound or {})
    return forms


def render_detail(request, s, bound=None, status=200):
    """The suggestion's page; the step views show it again with their bound form when a step is refused."""
    deputy = me(request)
    signatures = list(s.signatures.all())
    mine = next((x for x in signatures if x.deputy_id == deputy.pk), None)
    rules = rules_for(s.body)
    s.due_class, s.due_label = lifecycle.due_state(s, timezone.localdate(), rules.suggestion_soon_due_days)
    replies = {r.round: r for r in s.replies.all()}
    feedbacks = {f.round: f for f in s.feedbacks.all()}
    rounds = [{"number": n, "reply": replies.get(n), "feedback": feedbacks.get(n), "current": n == s.round}
              for n in range(1, s.round + 1) if replies.get(n) or n == s.round]
    events = list(s.events.all())
    returned = [e for e in events if e.kind == E.RETURNED]
    return render(request, "portal/deputy/suggestion.html", {
        "s": s, "deputy": deputy, "mine": mine,
        "proposer": next((x for x in signatures if x.role == PROPOSER), None),
        "cosigners": [x for x in signatures if x.role == COSIGNER],
        "assignments": list(s.assignments.all()),
        "rounds": rounds,
        "timeline": deputy_timeline(events),
        "return_reason": returned[-1].text.removeprefix("退回代表：") if returned and s.status == S.RETURNED else "",
        "forms": step_forms(request, s, deputy, mine, bound),
        "editable": s.status in online.DEPUTY_EDITABLE and draft_refusal(request.user, s) is None,
        "next_step": (COSIGNER_NEXT_STEP.get(s.status) if mine and mine.role == COSIGNER else None)
        or NEXT_STEP.get(s.status, ""),
    }, status=status)


def suggestion_detail(request, pk):
    me(request)
    return render_detail(request, get_mine(request, pk))


def suggestion_document(request, pk):
    """The original (原件), or with ?reply=<id> that reply's letter: of my own suggestions only."""
    me(request)
    s = get_mine(request, pk, Suggestion.objects.all())
    return document_response(request, s)
