"""One suggestion assigned to the unit, as its contact sees it, and the unit's own steps on it.

The page: the suggestion, its deputies (the proposer's phone for the lead unit only, so that it
can contact them), the units and their due dates, co-units' input (the lead unit sees all, a
co-unit its own), contacts (a co-unit sees when and how, not the lead unit's notes), extensions,
the unit's reassignment requests, replies and feedback, and the timeline without staff user names
or key-supervision notes.

Each step is a POST with the suggestion's version, refused (403 with the reason) unless
deputies.permissions.unit_step_refusal allows it for the contact's own unit, and done by the one
deputies.suggestions.lifecycle / deputies.suggestions.online function for it. The unit is never read from the form.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from core.external import my_unit
from core.rules import rules_for
from deputies.models import (
    Assignment,
    Contact,
    Extension,
    Feedback,
    ReassignRequest,
    Reply,
    Signature,
    Suggestion,
    SuggestionEvent,
)
from deputies.models.suggestions import AWAITING_REPLY, SuggestionStatus
from deputies.permissions import require, unit_step_refusal
from deputies.portal_unit.forms import CoInputForm, ContactForm, ExtensionForm, ReassignForm, ReplyForm, SignForm
from deputies.portal_unit.views import unit_suggestions
from deputies.suggestions import lifecycle, online
from deputies.suggestions.forms import add_lifecycle_error, carry_over
from deputies.suggestions.views import document_response

S = SuggestionStatus
E = SuggestionEvent.Kind
LEAD, CO = Assignment.Role.LEAD, Assignment.Role.CO


def reply_unsigned_refusal(assignment) -> str | None:
    """This portal's rule: the lead unit answers a suggestion it has signed for (签收 before 答复)."""
    if assignment.signed_on is None:
        return "请先签收该建议：签收后才能提交答复。"
    return None


def detail_queryset():
    return Suggestion.objects.select_related("session", "lead_unit", "body").prefetch_related(
        Prefetch("signatures", queryset=Signature.objects.select_related("deputy").order_by("order", "pk")),
        Prefetch("assignments", queryset=Assignment.objects.filter(active=True).select_related("unit").prefetch_related(
            Prefetch("extensions", queryset=Extension.objects.order_by("asked_on", "pk")),
            Prefetch("reassign_requests", queryset=ReassignRequest.objects.order_by("asked_on", "pk")),
        ).order_by("-role", "pk")),
        Prefetch("replies", queryset=Reply.objects.select_related("unit").order_by("round")),
        Prefetch("feedbacks", queryset=Feedback.objects.order_by("round")),
        Prefetch("contacts", queryset=Contact.objects.select_related("unit").order_by("contacted_on", "pk")),
        Prefetch("events", queryset=SuggestionEvent.objects.exclude(kind=E.SUPERVISION_NOTE).order_by("at", "pk")),
    )


def _get(request, pk):
    """(suggestion, unit, the unit's assignment); 404 unless the suggestion is assigned to the unit now."""
    unit = my_unit(request)
    s = get_object_or_404(unit_suggestions(request.user, detail_queryset()), pk=pk)
    mine = next((a for a in s.assignments.all() if a.unit_id == unit.pk), None)
    if mine is None:
        raise Http404("该建议不是交给您单位办理的。")
    return s, unit, mine


def unit_forms(request, s, unit, mine, bound=None) -> dict:
    """The steps the unit may take on the suggestion now, keyed by name; a bound (refused) form is kept."""
    def may(step):
        return unit_step_refusal(request.user, s, step, unit) is None

    initial = {"version": s.version}
    awaiting = s.status in AWAITING_REPLY
    forms = {}
    if mine.signed_on is None and may("sign"):
        forms["sign"] = SignForm(prefix="sign", initial=initial)
    pending_request = any(r.decision == ReassignRequest.Decision.PENDING for r in mine.reassign_requests.all())
    if mine.signed_on is None and not pending_request and may("reassign"):
        forms["reassign"] = ReassignForm(prefix="reassign", initial=initial)
    if mine.role == CO and mine.input_on is None and awaiting and may("co_input"):
        forms["coinput"] = CoInputForm(prefix="coinput", initial=initial)
    if mine.role == LEAD:
        if s.status != S.CLOSED and may("contact"):
            forms["contact"] = ContactForm(prefix="contact", initial=initial)
        pending_ext = any(e.decision == Extension.Decision.PENDING for e in mine.extensions.all())
        if awaiting and not pending_ext and may("extension"):
            forms["extension"] = ExtensionForm(prefix="extension", initial=initial)
        if awaiting and reply_unsigned_refusal(mine) is None and may("reply"):
            forms["reply"] = ReplyForm(prefix="reply", initial=initial)
    forms.update(bound or {})
    return forms


def _timeline(s, unit, lead: bool) -> list:
    """The events a unit may read: for a co-unit, other units' co-input and the lead unit's contact
    notes are summarised; other units' reasons for asking to be relieved are theirs."""
    events = list(s.events.all())
    for e in events:
        e.shown_text = e.text
        other = bool(e.on_behalf_of) and e.on_behalf_of != unit.name
        if other and e.kind == E.CO_INPUT and not lead:
            e.shown_text = f"{e.on_behalf_of}提交协办意见"
        elif other and e.kind == E.CONTACT and not lead:
            e.shown_text = e.text.split("：", 1)[0]
        elif other and e.kind == E.REASSIGN_ASKED:
            e.shown_text = f"{e.on_behalf_of}申请调整承办单位"
    return events


def render_detail(request, s, unit, mine, bound=None, status=200):
    today = timezone.localdate()
    rules = rules_for(s.body)
    lead = mine.role == LEAD
    s.due_class, s.due_label = lifecycle.due_state(s, today, rules.suggestion_soon_due_days)
    assignments = list(s.assignments.all())
    for a in assignments:
        a.is_mine = a.pk == mine.pk
        a.show_input = lead or a.is_mine
        a.co_overdue = a.role == CO and a.input_on is None and a.due_on < today and s.status in AWAITING_REPLY
    if mine.signed_on is None:
        mine.sign_due = online.sign_due_on(mine, rules)
        mine.sign_late = mine.sign_due < today
    signatures = list(s.signatures.all())
    replies = {r.round: r for r in s.replies.all()}
    feedbacks = {f.round: f for f in s.feedbacks.all()}
    # The step the unit would take next is shown unfolded; so is a form sent back with a problem.
    open_steps = set(bound or ())
    if lead and mine.signed_on and s.status in AWAITING_REPLY:
        open_steps.add("reply")
    elif mine.role == CO and mine.input_on is None:
        open_steps.add("coinput")
    return render(request, "portal/unit/suggestion.html", {
        "s": s, "unit": unit, "mine": mine, "lead": lead,
        "proposer": next((x for x in signatures if x.role == Signature.Role.PROPOSER), None),
        "cosigners": [x for x in signatures if x.role == Signature.Role.COSIGNER],
        "assignments": assignments,
        "extensions": [e for a in assignments if a.role == LEAD for e in a.extensions.all()],
        "my_requests": list(mine.reassign_requests.all()),
        "rounds": [{"number": n, "reply": replies.get(n), "feedback": feedbacks.get(n), "current": n == s.round}
                   for n in range(1, s.round + 1)],
        "contacts": list(s.contacts.all()),
        "events": _timeline(s, unit, lead),
        "forms": unit_forms(request, s, unit, mine, bound),
        "reply_waits_for_signing": lead and s.status in AWAITING_REPLY and reply_unsigned_refusal(mine),
        "open_steps": open_steps, "today": today, "rules": rules,
    }, status=status)


def suggestion_detail(request, pk):
    s, unit, mine = _get(request, pk)
    return render_detail(request, s, unit, mine)


def suggestion_document(request, pk):
    """The original (原件), or with ?reply=<id> that reply's letter, of a suggestion assigned to the unit."""
    s, _, _ = _get(request, pk)
    return document_response(request, s)


# --- the unit's steps ----------------------------------------------------------------------------


def _fmt(day) -> str:
    return f"{day:%Y-%m-%d}" if day else "—"


def _sign(request, s, unit, mine, d):
    today = timezone.localdate()
    lifecycle.sign_for(s, unit, signed_on=today, by=request.user, expected_version=d["version"])
    due = online.sign_due_on(mine, rules_for(s.body))
    late = f"（已超过签收期限 {_fmt(due)}）" if today > due else ""
    return f"已签收{late}。"


def _reassign(request, s, unit, mine, d):
    online.ask_reassignment(s, unit, reason=d["reason"], suggested_unit=d["suggested_unit"], by=request.user,
                            expected_version=d["version"])
    return "已提交调整承办单位的申请，待常委会办公室审批；审批结果会显示在工作台。"


def _co_input(request, s, unit, mine, d):
    today = timezone.localdate()
    lifecycle.record_co_input(s, unit, input_on=today, text=d["input_text"], by=request.user,
                              expected_version=d["version"])
    late = f"（已超过协办意见期限 {_fmt(mine.due_on)}，记为逾期）" if today > mine.due_on else ""
    return f"协办意见已提交给主办单位{late}。"


def _contact(request, s, unit, mine, d):
    row = lifecycle.add_contact(s, unit, stage=d["stage"], way=d["way"], contacted_on=d["contacted_on"],
                                note=d["note"], by=request.user, expected_version=d["version"])
    return f"已登记{row.get_stage_display()}{row.get_way_display()}（{_fmt(row.contacted_on)}）。"


def _extension(request, s, unit, mine, d):
    ext = lifecycle.ask_extension(s, asked_on=timezone.localdate(), reason=d["reason"],
                                  requested_due_on=d["requested_due_on"], by=request.user,
                                  expected_version=d["version"])
    return f"已提交延期申请（申请延期至 {_fmt(ext.requested_due_on)}），待常委会办公室审批。"


def _reply(request, s, unit, mine, d):
    refusal = reply_unsigned_refusal(mine)
    if refusal:
        raise lifecycle.LifecycleError(refusal)
    row = lifecycle.reply(s, replied_on=d["replied_on"], reply_class=d["reply_class"], text=d["text"],
                          document=d.get("document"), by=request.user, expected_version=d["version"])
    late = "" if row.on_time in (True, None) else "（逾期答复）"
    return f"已提交第{row.round}轮答复，{row.reply_class}类{late}，待代表反馈。"


# name: (form class, action, unit_step_refusal step, anchor on the page)
STEPS = {
    "sign": (SignForm, _sign, "sign", "handling"),
    "reassign": (ReassignForm, _reassign, "reassign", "handling"),
    "coinput": (CoInputForm, _co_input, "co_input", "handling"),
    "contact": (ContactForm, _contact, "contact", "contacts"),
    "extension": (ExtensionForm, _extension, "extension", "handling"),
    "reply": (ReplyForm, _reply, "reply", "rounds"),
}


def _step(request, pk, name):
    form_class, action, step, anchor = STEPS[name]
    s, unit, mine = _get(request, pk)
    require(unit_step_refusal(request.user, s, step, unit))
    url = reverse("portal-unit-suggestion", kwargs={"pk": s.pk})
    if request.method != "POST":
        return redirect(url)
    form = form_class(request.POST, request.FILES or None, prefix=name)
    if form.is_valid():
        try:
            message = action(request, s, unit, mine, form.cleaned_data)
        except lifecycle.StaleSuggestionError as error:
            return _render_stale(request, pk, name, form, error)
        except lifecycle.LifecycleError as error:
            add_lifecycle_error(form, error)
        else:
            messages.success(request, message)
            return redirect(f"{url}#{anchor}")
    return render_detail(request, s, unit, mine, {name: form}, status=400)


def _render_stale(request, pk, name, form, error):
    """Refused because the suggestion changed meanwhile: the page from the current data, with the message,
    and the form as typed only if the step is still the unit's to take (else no form for it at all)."""
    messages.error(request, error.message)
    try:
        s, unit, mine = _get(request, pk)
    except Http404:
        # Reassigned away meanwhile: nothing here is the unit's any more.
        return redirect("portal-unit-home")
    bound = {}
    if name in unit_forms(request, s, unit, mine):
        carry_over(form, s.version)
        bound[name] = form
    return render_detail(request, s, unit, mine, bound, status=400)


def suggestion_sign(request, pk):
    return _step(request, pk, "sign")


def suggestion_reassign(request, pk):
    return _step(request, pk, "reassign")


def suggestion_co_input(request, pk):
    return _step(request, pk, "coinput")


def suggestion_contact(request, pk):
    return _step(request, pk, "contact")


def suggestion_extension(request, pk):
    return _step(request, pk, "extension")


def suggestion_reply(request, pk):
    return _step(request, pk, "reply")
