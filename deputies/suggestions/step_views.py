"""The handling steps posted from a suggestion's page, one route each, every one through deputies.suggestions.lifecycle.

Each step: refuse (403 with the reason) who may not take it, find the suggestion among those the
user may see (404 otherwise), read the form, call the lifecycle function with the version the page
was shown at, and go back to the page. A refused step shows the page again with the form as typed
and the message next to the field it concerns.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from deputies.models import Extension, ReassignRequest, Suggestion
from deputies.permissions import require, suggestion_refusal, supervision_note_refusal, visible_suggestions
from deputies.public import disclosure
from deputies.suggestions import lifecycle, online
from deputies.suggestions.forms import (
    AcceptForm,
    AssignForm,
    CoInputForm,
    ContactForm,
    DecideExtensionForm,
    DecideReassignForm,
    ExtensionForm,
    FeedbackForm,
    KeySupervisionForm,
    PublishForm,
    ReplyForm,
    ReturnForm,
    SignForm,
    SupervisionNoteForm,
    add_lifecycle_error,
    carry_over,
)
from deputies.suggestions.views import detail_queryset, render_detail, step_forms


def _fmt(day) -> str:
    return f"{day:%Y-%m-%d}" if day else "—"


def _assign(request, s, d):
    s = lifecycle.assign(s, assigned_on=d["assigned_on"], lead_unit=d["lead_unit"], co_units=list(d["co_units"]),
                         by=request.user, expected_version=d["version"])
    return f"已交办给{s.lead_unit.name}，答复期限 {_fmt(s.reply_due_on)}。"


def _sign(request, s, d):
    row = lifecycle.sign_for(s, d["unit"], signed_on=d["signed_on"], by=request.user, expected_version=d["version"])
    return f"已登记{row.unit.name}于 {_fmt(row.signed_on)} 签收。"


def _co_input(request, s, d):
    row = lifecycle.record_co_input(s, d["unit"], input_on=d["input_on"], text=d["input_text"], by=request.user,
                                    expected_version=d["version"])
    return f"已登记{row.unit.name}的协办意见。"


def _contact(request, s, d):
    row = lifecycle.add_contact(s, d["unit"], stage=d["stage"], way=d["way"], contacted_on=d["contacted_on"],
                                note=d["note"], by=request.user, expected_version=d["version"])
    return f"已登记{row.get_stage_display()}{row.get_way_display()}（{_fmt(row.contacted_on)}）。"


def _extension(request, s, d):
    ext = lifecycle.ask_extension(s, asked_on=d["asked_on"], reason=d["reason"],
                                  requested_due_on=d["requested_due_on"], by=request.user,
                                  expected_version=d["version"])
    return f"已登记延期申请（申请延期至 {_fmt(ext.requested_due_on)}），待办公室审批。"


def _reply(request, s, d):
    row = lifecycle.reply(s, replied_on=d["replied_on"], reply_class=d["reply_class"], text=d["text"],
                          document=d.get("document"), by=request.user, expected_version=d["version"])
    late = "" if row.on_time in (True, None) else "（逾期答复）"
    return f"已登记第{row.round}轮答复，{row.reply_class}类{late}，待代表反馈。"


def _feedback(request, s, d):
    row = lifecycle.give_feedback(s, result=d["result"], comment=d["comment"], given_on=d["given_on"],
                                  by=request.user, expected_version=d["version"])
    s.refresh_from_db(fields=["status", "reply_due_on", "round"])
    if row.result == "unsatisfied":
        return f"代表不满意，已转入第{s.round}轮重新办理，答复期限 {_fmt(s.reply_due_on)}。"
    return f"已登记代表反馈：{row.get_result_display()}，建议已办结。"


def _key(request, s, d):
    lifecycle.set_key_supervision(s, leader=d["leader"], committee=d["committee"], since=d["since"], note=d["note"],
                                  by=request.user, expected_version=d["version"])
    return "已列为重点督办。"


def _note(request, s, d):
    lifecycle.add_supervision_note(s, on=d["on"], text=d["text"], by=request.user, expected_version=d["version"])
    return "已登记督办进展。"


def _accept(request, s, d):
    s = online.accept(s, number=d["number"], committee=d["committee"], category=d["category"], on=d["accepted_on"],
                      by=request.user, expected_version=d["version"])
    return f"已审查立案，编为{s.number_label}，状态：{s.get_status_display()}，可以交办。"


def _return(request, s, d):
    online.return_to_deputy(s, reason=d["reason"], on=d["returned_on"], by=request.user,
                            expected_version=d["version"])
    return "已退回代表修改，代表会看到退回理由。"


def _publish(request, s, d):
    changes = disclosure.set_public(s, public=d["is_public"], reply_ids_public=[r.pk for r in d["replies"]],
                                    by=request.user, expected_version=d["version"])
    if d["is_public"]:
        s.refresh_from_db(fields=["title", "content"])
        phones = disclosure.phone_texts(s)
        if phones:
            messages.warning(request, f"{'、'.join(phones)}中含有电话号码。{disclosure.PHONE_WARNING}")
    return ("已保存公开设置：" + "；".join(changes) + "。") if changes else "公开设置没有变化。"


# name: (form class, action, anchor on the page, whether the form takes the suggestion)
STEPS = {
    "accept": (AcceptForm, _accept, "check", False),
    "return": (ReturnForm, _return, "check", False),
    "publish": (PublishForm, _publish, "disclosure", True),
    "assign": (AssignForm, _assign, "handling", False),
    "sign": (SignForm, _sign, "handling", True),
    "coinput": (CoInputForm, _co_input, "handling", True),
    "contact": (ContactForm, _contact, "contacts", True),
    "extension": (ExtensionForm, _extension, "handling", False),
    "reply": (ReplyForm, _reply, "rounds", False),
    "feedback": (FeedbackForm, _feedback, "rounds", False),
    "key": (KeySupervisionForm, _key, "key", False),
    "note": (SupervisionNoteForm, _note, "key", False),
}


def _step(request, pk, name):
    form_class, action, anchor, takes_suggestion = STEPS[name]
    if name == "note":
        # Committee members of a supervising committee may record progress: decided per suggestion.
        s = get_object_or_404(detail_queryset(), pk=pk)
        require(supervision_note_refusal(request.user, s))
    else:
        require(suggestion_refusal(request.user))
        s = get_object_or_404(visible_suggestions(request.user, detail_queryset()), pk=pk)
    extra = {"suggestion": s} if takes_suggestion else {}
    if request.method != "POST":
        return render_detail(request, s, {name: form_class(prefix=name, initial={"version": s.version}, **extra)})
    form = form_class(request.POST, request.FILES or None, prefix=name, **extra)
    if form.is_valid():
        try:
            message = action(request, s, form.cleaned_data)
        except lifecycle.StaleSuggestionError as error:
            return render_stale(request, pk, name, form, error)
        except lifecycle.LifecycleError as error:
            add_lifecycle_error(form, error)
        else:
            messages.success(request, message)
            return redirect(reverse("suggestion-detail", kwargs={"pk": s.pk}) + f"#{anchor}")
    return render_detail(request, s, {name: form}, status=400)


def render_stale(request, pk, name, form, error):
    """A step refused because the suggestion changed since the page was shown: the page again from the
    current data, the message on top, and the form as typed only where the step is still possible."""
    messages.error(request, error.message)
    rows = detail_queryset() if name == "note" else visible_suggestions(request.user, detail_queryset())
    fresh = get_object_or_404(rows, pk=pk)
    bound = {}
    if name in step_forms(request, fresh):
        carry_over(form, fresh.version)
        bound[name] = form
    return render_detail(request, fresh, bound, status=400)


def suggestion_assign(request, pk):
    return _step(request, pk, "assign")


def suggestion_sign(request, pk):
    return _step(request, pk, "sign")


def suggestion_co_input(request, pk):
    return _step(request, pk, "coinput")


def suggestion_contact(request, pk):
    return _step(request, pk, "contact")


def suggestion_extension(request, pk):
    return _step(request, pk, "extension")


def suggestion_reply(request, pk):
    return _step(request, pk, "reply")


def suggestion_feedback(request, pk):
    return _step(request, pk, "feedback")


def suggestion_key(request, pk):
    return _step(request, pk, "key")


def suggestion_key_note(request, pk):
    return _step(request, pk, "note")


def suggestion_accept(request, pk):
    return _step(request, pk, "accept")


def suggestion_return(request, pk):
    return _step(request, pk, "return")


def suggestion_publish(request, pk):
    return _step(request, pk, "publish")


def extension_decide(request, pk):
    """The office approves or refuses a pending extension request (/suggestions/extensions/<pk>/decide/)."""
    require(suggestion_refusal(request.user))
    ext = get_object_or_404(
        Extension.objects.filter(assignment__suggestion__in=visible_suggestions(request.user, Suggestion.objects.all()))
        .select_related("assignment__suggestion"), pk=pk,
    )
    s = get_object_or_404(detail_queryset(), pk=ext.assignment.suggestion_id)
    prefix = f"decide-{ext.pk}"
    if request.method != "POST":
        return render_detail(request, s)
    form = DecideExtensionForm(request.POST, prefix=prefix)
    if form.is_valid():
        d = form.cleaned_data
        try:
            ext = lifecycle.decide_extension(ext, approve=d["decision"] == "approve", decided_on=d["decided_on"],
                                             note=d["note"], by=request.user, expected_version=d["version"])
        except lifecycle.StaleSuggestionError as error:
            return render_stale(request, s.pk, prefix, form, error)
        except lifecycle.LifecycleError as error:
            add_lifecycle_error(form, error)
        else:
            if ext.decision == Extension.Decision.APPROVED:
                messages.success(request, f"已同意延期，答复期限改为 {_fmt(ext.requested_due_on)}。")
            else:
                messages.success(request, "已登记：不同意延期，答复期限不变。")
            return redirect(reverse("suggestion-detail", kwargs={"pk": s.pk}) + "#handling")
    return render_detail(request, s, {prefix: form}, status=400)


def reassign_decide(request, pk):
    """The office approves (naming the unit that takes over) or refuses a unit's reassignment request."""
    require(suggestion_refusal(request.user))
    row = get_object_or_404(
        ReassignRequest.objects.filter(
            assignment__suggestion__in=visible_suggestions(request.user, Suggestion.objects.all()))
        .select_related("assignment__suggestion", "assignment__unit"), pk=pk,
    )
    s = get_object_or_404(detail_queryset(), pk=row.assignment.suggestion_id)
    prefix = f"reassign-{row.pk}"
    if request.method != "POST":
        return render_detail(request, s)
    form = DecideReassignForm(request.POST, prefix=prefix, suggestion=s, request_row=row)
    if form.is_valid():
        d = form.cleaned_data
        try:
            row = online.decide_reassignment(row, approve=d["decision"] == "approve", new_unit=d["new_unit"],
                                             decided_on=d["decided_on"], note=d["note"], by=request.user,
                                             expected_version=d["version"])
        except lifecycle.StaleSuggestionError as error:
            return render_stale(request, s.pk, prefix, form, error)
        except lifecycle.LifecycleError as error:
            add_lifecycle_error(form, error)
        else:
            if row.decision == ReassignRequest.Decision.APPROVED:
                moved = f"，改由{row.new_unit.name}{row.assignment.get_role_display()}" if row.new_unit else ""
                messages.success(request, f"已同意{row.assignment.unit.name}的调整申请{moved}。")
            else:
                messages.success(request, f"已登记：不同意{row.assignment.unit.name}的调整申请，该单位继续办理。")
            return redirect(reverse("suggestion-detail", kwargs={"pk": s.pk}) + "#handling")
    return render_detail(request, s, {prefix: form}, status=400)
