"""The body administrator's organisation pages: committees, reporting bodies and terms (届次).

Only the body's administrator opens them (core.settings_access.require_body_admin). Every add and
change is recorded in core.change_log with each field from → to in words, shown on the edit page;
the list pages show the latest changes. A form carries a version marker of the record as it was
opened, so a stale form never silently overwrites another administrator's change.

Nothing is deleted here: committees and reporting bodies that are no longer used are marked
inactive (停用) or given an end year, because items, members, suggestions and opinions still point
at them.
"""

import datetime

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from core import change_log
from core.forms.organisation import CommitteeForm, ReportingBodyForm, marker, years_label
from core.models import Committee, ReportingBody
from core.settings_access import require_body_admin

# The fields each page records, with the labels the history shows.
COMMITTEE_FIELDS = ["name", "short_name", "kind", "paired_with", "aliases", "order", "active"]
REPORTING_BODY_FIELDS = ["name", "aliases", "kind", "liaison_committee", "order", "valid_from", "valid_to"]


def _labels(model, names):
    labels = {name: str(model._meta.get_field(name).verbose_name) for name in names}
    if model is ReportingBody:
        labels.update(valid_from="设立日期", valid_to="撤销日期")
    return labels


def _snapshot(obj, names) -> dict:
    """Each field as the history shows it: choices by label, related records by name, lists as lists."""
    values = {}
    for name in names:
        field = obj._meta.get_field(name)
        if field.is_relation:
            related = getattr(obj, name)
            values[name] = str(related) if related is not None else None
        elif field.choices:
            values[name] = getattr(obj, f"get_{name}_display")()
        else:
            values[name] = getattr(obj, name)
    return values


def history_rows(entries) -> list[dict]:
    return [{"at": e.action_time, "user": e.user.get_full_name() or e.user.username, "action": change_log.action_label(e),
             "object": e.object_repr, "changes": e.change_message} for e in entries]


def _save(request, form, before: dict | None, names, what: str):
    """Save a valid form and record the change (before is None when adding); returns the saved object."""
    model = form._meta.model
    adding = before is None
    before = before or {}
    with transaction.atomic():
        saved = form.save()
        after = _snapshot(saved, names)
        changes = change_log.field_changes(before, after, _labels(model, names))
        if adding:
            changes = {label: (None, new) for label, (old, new) in changes.items() if new not in (None, "", [])}
            change_log.record(request.user, saved, "add", changes)
        elif changes:
            change_log.record(request.user, saved, "change", changes)
    if adding:
        messages.success(request, f"已新增{what}「{saved}」。")
    elif changes:
        messages.success(request, f"已保存{what}「{saved}」的 {len(changes)} 项修改。")
    else:
        messages.info(request, "没有修改任何内容。")
    return saved


def _locked(model, pk, body):
    """The record of this body (404 for another body's), locked while a change is checked and saved."""
    return get_object_or_404(model.objects.select_for_update().filter(body=body), pk=pk)


def edit_page(request, model, pk, form_class, names, template, what, redirect_to, extra=None):
    body = require_body_admin(request)
    with transaction.atomic():
        if request.method == "POST":
            obj = _locked(model, pk, body)
        else:
            obj = get_object_or_404(model.objects.filter(body=body), pk=pk)
        before = _snapshot(obj, names)
        title = str(obj)
        context = extra(obj) if extra else {}  # worked out before the form changes obj
        form = form_class(request.POST or None, instance=obj, body=body, current_marker=marker(before))
        if request.method == "POST" and form.is_valid():
            _save(request, form, before, names, what)
            return redirect(redirect_to)
    context.update({"form": form, "object": obj, "title": title, "noun": what, "list_url": reverse(redirect_to),
                    "history": history_rows(change_log.history(model, [obj.pk]))})
    return render(request, template, context)


def create_page(request, model, form_class, names, template, what, redirect_to):
    body = require_body_admin(request)
    form = form_class(request.POST or None, instance=model(body=body), body=body)
    if request.method == "POST" and form.is_valid():
        _save(request, form, None, names, what)
        return redirect(redirect_to)
    return render(request, template, {"form": form, "noun": what, "list_url": reverse(redirect_to)})


# —— Committees ——

def committee_list(request):
    body = require_body_admin(request)
    committees = list(Committee.objects.filter(body=body).select_related("paired_with", "pair_of").order_by("order", "id"))
    for c in committees:
        c.partner = c.paired_with or getattr(c, "pair_of", None)
    return render(request, "settings/committees.html", {
        "committees": committees,
        "history": history_rows(change_log.history(Committee, [c.pk for c in committees], limit=10)),
    })


def committee_create(request):
    return create_page(request, Committee, CommitteeForm, COMMITTEE_FIELDS, "settings/committees_form.html",
                   "委员会", "settings-committees")


def committee_edit(request, pk):
    def extra(committee):
        pointing = Committee.objects.filter(paired_with=committee).first()
        return {"pointing": pointing}

    return edit_page(request, Committee, pk, CommitteeForm, COMMITTEE_FIELDS, "settings/committees_form.html",
                 "委员会", "settings-committees", extra)


# —— Reporting bodies ——

def reporting_body_list(request):
    body = require_body_admin(request)
    year = timezone.localdate().year
    show_all = request.GET.get("show") == "all"
    units = ReportingBody.objects.filter(body=body).select_related("liaison_committee").order_by("order", "id")
    if not show_all:
        units = units.exclude(valid_from__gt=datetime.date(year, 12, 31)).exclude(valid_to__lt=datetime.date(year, 1, 1))
    units = list(units)
    for unit in units:
        unit.years = years_label(unit)
    all_ids = ReportingBody.objects.filter(body=body).values_list("pk", flat=True)
    return render(request, "settings/reporting_bodies.html", {
        "units": units, "show_all": show_all, "year": year,
        "history": history_rows(change_log.history(ReportingBody, list(all_ids), limit=10)),
    })


def reporting_body_create(request):
    return create_page(request, ReportingBody, ReportingBodyForm, REPORTING_BODY_FIELDS,
                   "settings/reporting_bodies_form.html", "报告单位", "settings-reporting-bodies")


def reporting_body_edit(request, pk):
    return edit_page(request, ReportingBody, pk, ReportingBodyForm, REPORTING_BODY_FIELDS,
                 "settings/reporting_bodies_form.html", "报告单位", "settings-reporting-bodies")


# —— Terms ——


