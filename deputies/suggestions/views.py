"""Suggestion pages: the list (with its export), the detail with its timeline, entry, correction,
batch assignment and document downloads. The handling steps posted from the detail page are in
deputies/suggestions/step_views.py; both call deputies.suggestions.lifecycle and nothing else to change a suggestion.

Who sees what comes from deputies.permissions: visible_suggestions for reading (a 404 outside it),
suggestion_refusal for writing (a 403 with the reason).
"""

from django.contrib import messages
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from core import uploads
from core.listing import render_filtered_list
from core.rules import rules_for
from deputies.filtersets import SuggestionFilterSet
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
from deputies.permissions import (
    can_handle_suggestions,
    original_document_refusal,
    require,
    suggestion_refusal,
    supervision_note_refusal,
    visible_suggestions,
)
from deputies.public import disclosure
from deputies.suggestions import lifecycle, online
from deputies.suggestions.exports import SuggestionExporter
from deputies.suggestions.forms import (
    STATUS_BEFORE_ASSIGNMENT,
    AcceptForm,
    AssignForm,
    BatchAssignForm,
    BatchPublishForm,
    CoInputForm,
    ContactForm,
    DecideExtensionForm,
    DecideReassignForm,
    ExtensionForm,
    FeedbackForm,
    KeySupervisionForm,
    LeadingForm,
    PublishForm,
    ReplyForm,
    ReturnForm,
    SignForm,
    SuggestionEditForm,
    SuggestionForm,
    SupervisionNoteForm,
    add_lifecycle_error,
)
from deputies.suggestions.tables import SuggestionTable, signatures_prefetch
from deputies.unit_evaluation import leading

S = SuggestionStatus


def list_queryset(user):
    """The suggestions the user may see, with what a list row shows, in the list's order."""
    rows = (
        Suggestion.objects.select_related("session", "lead_unit", "committee")
        .prefetch_related(signatures_prefetch())
        # A year's session suggestions first, then those between sessions, on every database.
        .order_by("-year", F("session__start_on").asc(nulls_last=True), "number", "pk")
    )
    return visible_suggestions(user, rows)


def mark_due(suggestions, body, today=None):
    """Set due_class / due_label (overdue, soon-due) on each suggestion; also proposer and co-signers."""
    today = today or timezone.localdate()
    soon_days = rules_for(body).suggestion_soon_due_days
    for s in suggestions:
        s.due_class, s.due_label = lifecycle.due_state(s, today, soon_days)
        signatures = list(s.signatures.all()) if hasattr(s, "_prefetched_objects_cache") else []
        s.proposer = next((x.deputy for x in signatures if x.role == Signature.Role.PROPOSER), None)
        s.cosigner_count = sum(1 for x in signatures if x.role == Signature.Role.COSIGNER)
    return suggestions


# Filters always shown on the list; the others fold under 更多筛选 (open when one is in use).
MAIN_FILTERS = ("q", "session", "status", "lead_unit", "committee", "overdue", "soon_due")


def waiting_counts(user) -> dict:
    """What waits on the office: suggestions to check, co-signatures outstanding, pending requests (two queries)."""
    visible = visible_suggestions(user, Suggestion.objects.all())
    counts = visible.filter(status__in=(S.SUBMITTED, S.CONFIRMING)).aggregate(  # not a scan of every suggestion
        submitted=Count("pk", filter=Q(status=S.SUBMITTED)), confirming=Count("pk", filter=Q(status=S.CONFIRMING)))
    requests = pending_extensions(user).order_by().values("pk").union(
        pending_reassignments(user).order_by().values("pk"), all=True)
    return {**counts, "requests": requests.count()}


def suggestion_list(request):
    more_open = any(request.GET.get(name) for name in SuggestionFilterSet.base_filters if name not in MAIN_FILTERS)
    return render_filtered_list(
        request, list_queryset(request.user), SuggestionFilterSet, "deputies/suggestions/list.html",
        {"can_handle": can_handle_suggestions(request.user), "main_filters": MAIN_FILTERS, "more_open": more_open,
         # Counted only when the page is shown (an export needs none of it).
         "waiting": SimpleLazyObject(lambda: waiting_counts(request.user))},
        exporter_class=SuggestionExporter, table=SuggestionTable(body=request.renda_body),
    )


# --- detail --------------------------------------------------------------------------------------


def _get_visible(request, pk, queryset=None):
    # Not `queryset or …`: that would evaluate the whole queryset (every suggestion, with its prefetches).
    queryset = queryset if queryset is not None else Suggestion.objects.all()
    return get_object_or_404(visible_suggestions(request.user, queryset), pk=pk)


def detail_queryset():
    return Suggestion.objects.select_related(
        "session", "committee", "lead_unit", "created_by", "body", "key_supervision__committee"
    ).prefetch_related(
        signatures_prefetch(),
        Prefetch("assignments", queryset=Assignment.objects.select_related("unit").prefetch_related(
            Prefetch("extensions", queryset=Extension.objects.select_related("decided_by").order_by("asked_on", "pk")),
            Prefetch("reassign_requests", queryset=ReassignRequest.objects.select_related(
                "asked_by", "decided_by", "new_unit").order_by("asked_on", "pk")),
        ).order_by("-active", "-role", "pk")),
        Prefetch("replies", queryset=Reply.objects.select_related("unit").order_by("round")),
        Prefetch("feedbacks", queryset=Feedback.objects.select_related("deputy").order_by("round")),
        Prefetch("contacts", queryset=Contact.objects.select_related("unit").order_by("contacted_on", "pk")),
        Prefetch("events", queryset=SuggestionEvent.objects.select_related("by").order_by("at", "pk")),
    )


def _initial(s, **extra):
    return {"version": s.version, **extra}


def step_forms(request, s, bound=None) -> dict:
    """The handling forms the user may use on this suggestion now, keyed by prefix; `bound` replaces one.

    A bound form (posted, with errors) is always shown, even when the status no longer offers it,
    so that the message stays next to what the user typed.
    """
    bound = bound or {}
    forms = {}
    if can_handle_suggestions(request.user):
        assignments = [a for a in s.assignments.all() if a.active]
        if s.status == S.SUBMITTED:
            forms["accept"] = AcceptForm(prefix="accept", initial=_initial(
                s, number=online.next_number(s), committee=s.committee_id, category=s.category))
            forms["return"] = ReturnForm(prefix="return", initial=_initial(s))
        if s.status == S.ACCEPTED:
            forms["assign"] = AssignForm(prefix="assign", initial=_initial(s))
        if any(a.signed_on is None for a in assignments):
            forms["sign"] = SignForm(prefix="sign", suggestion=s, initial=_initial(s))
        if any(a.role == Assignment.Role.CO and a.input_on is None for a in assignments):
            forms["coinput"] = CoInputForm(prefix="coinput", suggestion=s, initial=_initial(s))
        if s.assigned_on is not None:
            forms["contact"] = ContactForm(prefix="contact", suggestion=s, initial=_initial(s))
        pending = [e for a in assignments for e in a.extensions.all() if e.decision == Extension.Decision.PENDING]
        if s.status in AWAITING_REPLY and not pending:
            forms["extension"] = ExtensionForm(prefix="extension", initial=_initial(s))
        if s.status in AWAITING_REPLY:
            forms["reply"] = ReplyForm(prefix="reply", initial=_initial(s))
        if s.status == S.REPLIED:
            forms["feedback"] = FeedbackForm(prefix="feedback", initial=_initial(s))
        key = s.key_supervision if s.is_key else None
        forms["key"] = KeySupervisionForm(prefix="key", initial=_initial(
            s, **({"leader": key.leader, "committee": key.committee_id, "since": key.since, "note": key.note}
                  if key else {})))
        for ext in pending:
            forms[f"decide-{ext.pk}"] = DecideExtensionForm(prefix=f"decide-{ext.pk}", initial=_initial(s))
        for row in (r for a in assignments for r in a.reassign_requests.all()
                    if r.decision == ReassignRequest.Decision.PENDING):
            forms[f"reassign-{row.pk}"] = DecideReassignForm(prefix=f"reassign-{row.pk}", suggestion=s,
                                                             request_row=row, initial=_initial(s))
        if disclosure.can_be_public(s) or s.is_public:
            forms["publish"] = PublishForm(prefix="publish", suggestion=s, initial=_initial(
                s, is_public=s.is_public, replies=[r.pk for r in s.replies.all() if r.is_public]))
    if s.is_key and supervision_note_refusal(request.user, s) is None:
        forms["note"] = SupervisionNoteForm(prefix="note", initial=_initial(s))
    forms.update(bound)
    return forms


def _rounds(s, today):
    replies = {r.round: r for r in s.replies.all()}
    feedbacks = {f.round: f for f in s.feedbacks.all()}
    rounds = []
    for number in range(1, s.round + 1):
        reply = replies.get(number)
        rounds.append({
            "number": number, "reply": reply, "feedback": feedbacks.get(number),
            "current": number == s.round,
        })
    return rounds


def _contact_summary(s, rules):
    contacts = list(s.contacts.all())
    in_person = [c for c in contacts if c.way in Contact.IN_PERSON]
    return {
        "count": len(contacts), "in_person": len(in_person), "contacted": bool(contacts),
        "contact_target": rules.contact_target_percent, "in_person_target": rules.in_person_target_percent,
    }


def render_detail(request, s, bound=None, status=200):
    """The detail page; the step views call it again with their bound form when a step is refused."""
    today = timezone.localdate()
    rules = rules_for(s.body)
    s.due_class, s.due_label = lifecycle.due_state(s, today, rules.suggestion_soon_due_days)
    signatures = list(s.signatures.all())
    assignments = list(s.assignments.all())
    forms = step_forms(request, s, bound)
    decide_forms = {int(k.split("-", 1)[1]): f for k, f in forms.items() if k.startswith("decide-")}
    reassign_forms = {int(k.split("-", 1)[1]): f for k, f in forms.items() if k.startswith("reassign-")}
    for a in assignments:
        a.co_overdue = (a.role == Assignment.Role.CO and a.active and a.input_on is None and a.due_on < today
                        and s.is_awaiting_reply())
        for ext in a.extensions.all():
            ext.form = decide_forms.get(ext.pk)
        for row in a.reassign_requests.all():
            row.form = reassign_forms.get(row.pk)
    note_refusal = supervision_note_refusal(request.user, s) if s.is_key else None
    # The step a person would take next is shown unfolded; so is any form sent back with a problem.
    open_steps = set(bound or ())
    open_steps.add({S.SUBMITTED: "accept", S.ACCEPTED: "assign", S.ASSIGNED: "sign", S.HANDLING: "reply", S.REHANDLING: "reply",
                    S.REPLIED: "feedback"}.get(s.status, ""))
    return render(request, "deputies/suggestions/detail.html", {
        "s": s,
        "proposer": next((x for x in signatures if x.role == Signature.Role.PROPOSER), None),
        "cosigners": [x for x in signatures if x.role == Signature.Role.COSIGNER],
        "assignments": assignments,
        "rounds": _rounds(s, today),
        "contacts": list(s.contacts.all()),
        "contact_summary": _contact_summary(s, rules),
        "key": s.key_supervision if s.is_key else None,
        "events": list(s.events.all()),
        "forms": forms,
        "can_handle": can_handle_suggestions(request.user),
        "refusal": suggestion_refusal(request.user),
        "can_change_original": original_document_refusal(request.user, s) is None,
        "note_refusal": note_refusal,
        "can_edit": can_handle_suggestions(request.user) and s.status in STATUS_BEFORE_ASSIGNMENT,
        "can_set_leading": can_handle_suggestions(request.user),
        "rules": rules,
        "open_steps": open_steps,
        "checking": s.status in (S.CONFIRMING, S.SUBMITTED, S.RETURNED),
        "returns": [e for e in s.events.all() if e.kind == SuggestionEvent.Kind.RETURNED],
        "can_be_public": disclosure.can_be_public(s),
    }, status=status)


def suggestion_detail(request, pk):
    return render_detail(request, _get_visible(request, pk, detail_queryset()))


def suggestion_document(request, pk):
    """The original (原件), or with ?reply=<id> that reply's letter; only for those who may see the suggestion."""
    s = _get_visible(request, pk)
    return document_response(request, s)


def document_response(request, s):
    """The suggestion's original (原件), or with ?reply=<id> that reply's letter, as a download.

    Callers first check the user may see the suggestion (staff pages and both portals share this).
    """
    reply_id = request.GET.get("reply")
    if reply_id:
        if not reply_id.isdigit():
            raise Http404("没有文件。")
        file = get_object_or_404(Reply, suggestion=s, pk=int(reply_id)).document
    else:
        file = s.document
    if not file:
        raise Http404("没有文件。")
    return uploads.file_response(file)


# --- entry and correction ------------------------------------------------------------------------


def suggestion_create(request):
    require(suggestion_refusal(request.user))
    initial = {"raised_on": timezone.localdate()}
    session_id = request.GET.get("session")
    if session_id and session_id.isdigit():
        initial["session"] = int(session_id)
    form = SuggestionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entry = lifecycle.NewSuggestion(
            title=data["title"], raised_on=data["raised_on"], proposer=data["proposer"],
            year=data.get("year"), session=data["session"], number=data["number"], kind=data["kind"],
            content=data["content"], category=data["category"], committee=data["committee"],
            cosigners=tuple(data["cosigners"]), document=data.get("document"),
        )
        problems = lifecycle.validate_new(request.renda_body, entry)
        for field, message in problems:
            form.add_error(field if field in form.fields else None, message)
        if not problems:
            try:
                s = lifecycle.create_suggestion(request.renda_body, entry, request.user)
            except lifecycle.LifecycleError as error:
                add_lifecycle_error(form, error)
            else:
                if data.get("led_by"):
                    s = leading.set_leading(s, led_by=data["led_by"], leader_name=data["leader_name"], by=request.user)
                messages.success(request, f"已录入{s.number_label}建议《{s.title}》，状态：{s.get_status_display()}。")
                return redirect("suggestion-detail", pk=s.pk)
    return render(request, "deputies/suggestions/form.html", {"form": form, "title": "录入代表建议"})


def suggestion_edit(request, pk):
    require(suggestion_refusal(request.user))
    s = _get_visible(request, pk, Suggestion.objects.select_related("session", "committee"))
    locked = s.status not in STATUS_BEFORE_ASSIGNMENT
    # After assignment only 领办 may still change (deputies/unit_evaluation/leading.py).
    form_class = LeadingForm if locked else SuggestionEditForm
    form = form_class(request.POST or None, initial=SuggestionEditForm.initial_for(s))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            before = s.version
            if not locked:
                s = lifecycle.edit_suggestion(
                    s, changes={k: data[k] for k in lifecycle.EDITABLE}, by=request.user,
                    expected_version=data["version"],
                )
            s = leading.set_leading(s, led_by=data["led_by"], leader_name=data["leader_name"], by=request.user,
                                    expected_version=None if s.version != before else data["version"])
        except lifecycle.LifecycleError as error:
            add_lifecycle_error(form, error)
        else:
            messages.success(request, "修改已保存，已记入办理记录。" if s.version != before else "没有修改。")
            return redirect("suggestion-detail", pk=s.pk)
    return render(request, "deputies/suggestions/form.html", {
        "form": form, "title": f"修改建议 · {s.number_label}", "suggestion": s, "locked": locked,
    })


# --- batch assignment ----------------------------------------------------------------------------

BATCH_FILTERS = ("session", "between_sessions", "year", "committee", "category", "kind", "q")
BATCH_LIMIT = 300


def batch_assign(request):
    """Tick accepted (待交办) suggestions and assign them all to the same units on one date, or none."""
    require(suggestion_refusal(request.user))
    query = request.GET.copy()
    query["status"] = S.ACCEPTED
    filterset = SuggestionFilterSet(query, queryset=list_queryset(request.user), request=request)
    rows = filterset.qs if filterset.is_valid() else Suggestion.objects.none()
    total = rows.count()
    shown = mark_due(list(rows[:BATCH_LIMIT]), request.renda_body)
    form = BatchAssignForm(request.POST or None, candidates=visible_suggestions(request.user, Suggestion.objects.all()))
    chosen = set()
    if request.method == "POST":
        chosen = {int(v) for v in request.POST.getlist("suggestions") if v.isdigit()}
        if form.is_valid():
            data = form.cleaned_data
            picked = list(data["suggestions"].order_by("number", "pk"))
            try:
                done = lifecycle.assign_many(picked, assigned_on=data["assigned_on"], lead_unit=data["lead_unit"],
                                             co_units=list(data["co_units"]), by=request.user)
            except lifecycle.LifecycleError as error:
                add_lifecycle_error(form, error)
            else:
                due = done[0].reply_due_on
                messages.success(request, f"已交办 {len(done)} 条建议给{data['lead_unit'].name}，"
                                          f"答复期限 {due:%Y-%m-%d}。")
                return redirect(f"{request.path}?{request.GET.urlencode()}" if request.GET else request.path)
    filter_fields = [filterset.form[name] for name in BATCH_FILTERS if name in filterset.form.fields]
    return render(request, "deputies/suggestions/batch_assign.html", {
        "form": form, "filter_fields": filter_fields, "rows": shown, "total": total, "limit": BATCH_LIMIT,
        "chosen": chosen, "query": request.GET.urlencode(),
    })


# --- what waits on the office --------------------------------------------------------------------


def pending_extensions(user):
    visible = visible_suggestions(user, Suggestion.objects.all())
    return Extension.objects.filter(decision=Extension.Decision.PENDING, assignment__suggestion__in=visible)


def pending_reassignments(user):
    visible = visible_suggestions(user, Suggestion.objects.all())
    return ReassignRequest.objects.filter(decision=ReassignRequest.Decision.PENDING,
                                          assignment__suggestion__in=visible)


def suggestion_requests(request):
    """/suggestions/requests/: units' pending extension and reassignment requests, and suggestions to check."""
    related = ("assignment__unit", "assignment__suggestion__session", "asked_by")
    visible = visible_suggestions(request.user, Suggestion.objects.all())
    to_check = list(
        visible.filter(status__in=(S.SUBMITTED, S.CONFIRMING)).select_related("session")
        .prefetch_related(signatures_prefetch()).order_by("-status", "raised_on", "pk")[:BATCH_LIMIT]
    )
    return render(request, "deputies/suggestions/requests.html", {
        "extensions": list(pending_extensions(request.user).select_related(*related).order_by("asked_on", "pk")),
        "reassignments": list(pending_reassignments(request.user).select_related(*related)
                              .order_by("asked_on", "pk")),
        "to_check": mark_due(to_check, request.renda_body),
        "can_handle": can_handle_suggestions(request.user),
        "refusal": suggestion_refusal(request.user),
    })


# --- public disclosure, many at once -------------------------------------------------------------

PUBLISH_FILTERS = ("session", "between_sessions", "year", "status", "committee", "category", "lead_unit", "q")


def _warn_phones(request, suggestions) -> None:
    """Tell the office which of the suggestions just published have a phone number in their public text."""
    names = [s.number_label for s in suggestions if disclosure.phone_texts(s)]
    if names:
        more = f"等 {len(names)} 条" if len(names) > 10 else ""
        messages.warning(request, f"以下建议的内容或答复中含有电话号码：{'、'.join(names[:10])}{more}。"
                                  + disclosure.PHONE_WARNING)


def batch_publish(request):
    """Tick accepted suggestions and put them on the public pages (with their replies), or take them off."""
    require(suggestion_refusal(request.user))
    filterset = SuggestionFilterSet(request.GET or None, queryset=list_queryset(request.user), request=request)
    rows = (filterset.qs if filterset.is_bound else list_queryset(request.user)) if (
        not filterset.is_bound or filterset.is_valid()) else Suggestion.objects.none()
    rows = rows.filter(disclosure.publishable_q())
    public = request.GET.get("public", "")
    if public in ("true", "false"):
        rows = rows.filter(is_public=(public == "true"))
    total = rows.count()
    shown = mark_due(list(rows[:BATCH_LIMIT]), request.renda_body)
    form = BatchPublishForm(request.POST or None,
                            candidates=visible_suggestions(request.user, Suggestion.objects.all()))
    chosen = set()
    if request.method == "POST":
        chosen = {int(v) for v in request.POST.getlist("suggestions") if v.isdigit()}
        if form.is_valid():
            picked = list(form.cleaned_data["suggestions"].order_by("number", "pk"))
            publish = form.cleaned_data["action"] == "publish"
            try:
                changed = disclosure.set_public_many(picked, public=publish, by=request.user)
            except lifecycle.LifecycleError as error:
                add_lifecycle_error(form, error)
            else:
                verb = "公开" if publish else "取消公开"
                messages.success(request, f"已{verb} {len(changed)} 条建议" + (
                    f"（另有 {len(picked) - len(changed)} 条原已如此）" if len(picked) > len(changed) else "") + "。")
                if publish:
                    _warn_phones(request, picked)
                return redirect(f"{request.path}?{request.GET.urlencode()}" if request.GET else request.path)
    filter_fields = [filterset.form[name] for name in PUBLISH_FILTERS if name in filterset.form.fields]
    return render(request, "deputies/suggestions/batch_publish.html", {
        "form": form, "filter_fields": filter_fields, "rows": shown, "total": total, "limit": BATCH_LIMIT,
        "chosen": chosen, "public": public,
    }, status=400 if request.method == "POST" else 200)
