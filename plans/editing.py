"""Saving plans and items entered by the office, with their history."""

from django.db import transaction
from django.db.models import Max

from core.models import Committee, ReportingBody
from plans.models import AnnualPlan, ItemCommittee, PlanAdjustment, PlanEntry, PlanItem, PlanItemStatus, Section
from plans.models.plans import forms_label
from plans.workflow import bump_version, change_status, record_edit

# The fields of an item the office enters, on the page's form and through the API alike.
ITEM_FIELDS = [
    "title", "focus", "form", "extra_forms", "reporting_bodies", "timing_kind", "start_month", "end_month", "quarter",
    "timing_note", "to_standing_meeting", "to_chairpersons_meeting", "all_committees_help", "is_principle",
]

# What an edit shows on the timeline, read the same way before and after the change.
_TRACKED = {
    "事项": lambda i: i.title,
    "重点": lambda i: i.focus,
    "监督形式": lambda i: i.get_form_display(),
    "其他监督形式": lambda i: forms_label(i.extra_forms) or "无",
    "时间": lambda i: i.timing.label() + (f"（{i.timing_note}）" if i.timing_note else ""),
    "提请会议": lambda i: "、".join(
        label for flag, label in ((i.to_standing_meeting, "常委会会议"), (i.to_chairpersons_meeting, "主任会议")) if flag
    )
    or "不提请",
    "牵头": lambda i: "、".join(r.committee.short_name for r in i.responsibilities.all() if r.role == "lead"),
    "配合": lambda i: "、".join(r.committee.short_name for r in i.responsibilities.all() if r.role == "helper")
    + ("（各工委分工落实）" if i.all_committees_help else ""),
    "报告单位": lambda i: "、".join(r.name for r in i.reporting_bodies.all()),
    "原则/目标，不计任务": lambda i: "是" if i.is_principle else "否",
}


def _snapshot(item: PlanItem) -> dict:
    if item.pk is None:
        return {}
    fresh = PlanItem.objects.prefetch_related("responsibilities__committee", "reporting_bodies").get(pk=item.pk)
    return {label: read(fresh) for label, read in _TRACKED.items()}


def item_choices() -> dict:
    """What an item's relations may name, on the page's form and through the API: the body's current ones."""
    committees = Committee.objects.filter(active=True).order_by("order", "id")
    return {
        "reporting_bodies": ReportingBody.objects.filter(valid_to__isnull=True).order_by("order"),
        "lead_committees": committees,
        "helper_committees": committees,
    }


def committee_errors(leads, helpers) -> dict[str, list[str]]:
    """A committee cannot both lead and help: the page's form and the API refuse it in these words."""
    both = sorted(set(leads) & set(helpers), key=lambda c: (c.order, c.pk))
    if not both:
        return {}
    return {"helper_committees": [f"{'、'.join(c.short_name for c in both)}不能既牵头又配合。"]}


def set_committees(item: PlanItem, lead_ids, helper_ids) -> None:
    """Make the item's committees exactly these; a committee named as both leads."""
    wanted = {pk: ItemCommittee.Role.HELPER for pk in helper_ids} | {pk: ItemCommittee.Role.LEAD for pk in lead_ids}
    existing = {r.committee_id: r for r in ItemCommittee.objects.filter(item=item)}
    gone = [row.pk for committee_id, row in existing.items() if committee_id not in wanted]
    if gone:  # imports create hundreds of items at once: no query when there is nothing to remove
        ItemCommittee.objects.filter(pk__in=gone).delete()
    for committee_id, role in wanted.items():
        row = existing.get(committee_id)
        if row is None:
            ItemCommittee.objects.create(item=item, committee_id=committee_id, role=role)
        elif row.role != role:
            row.role = role
            row.save(update_fields=["role"])


def next_entry_order(plan: AnnualPlan) -> int:
    return (PlanEntry.objects.filter(plan=plan).aggregate(m=Max("order"))["m"] or 0) + 1


def save_item_form(form, by, body, *, plan=None, section=None, number="", note="") -> PlanItem:
    """Create or update an item from a valid PlanItemForm (the page); see save_item."""
    data = form.cleaned_data
    return save_item(
        form.instance, by, body, reporting_bodies=data["reporting_bodies"], leads=data["lead_committees"],
        helpers=data["helper_committees"], expected_version=data.get("version"), plan=plan, section=section,
        number=number, note=note,
    )


def save_item(
    item: PlanItem, by, body, *, reporting_bodies, leads, helpers, expected_version=None, plan=None, section=None,
    number="", note="",
) -> PlanItem:
    """Create or update a validated item (the page's form and the API both end here); refuses a stale version
    (StaleItemError), and files a new item in `plan`; the change goes on the item's timeline."""
    with transaction.atomic():
        before = _snapshot(item)
        if item.pk is None:
            item.body = body
            item.year = plan.year if plan else item.year
        else:
            bump_version(item, expected_version)
        item.save()
        item.reporting_bodies.set(reporting_bodies)
        set_committees(item, [c.pk for c in leads], [c.pk for c in helpers])
        if plan is not None and not PlanEntry.objects.filter(plan=plan, item=item).exists():
            PlanEntry.objects.create(plan=plan, item=item, section=section, number=number, order=next_entry_order(plan))
        after = _snapshot(item)
        if before:
            changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
            record_edit(item, by, changes, note)
        else:
            record_edit(item, by, {"新建": ["", item.title[:60]]}, note or "新建事项")
    return item


# --- adopted plans -----------------------------------------------------------------------------


def plan_snapshot(plan: AnnualPlan) -> dict:
    entries = PlanEntry.objects.filter(plan=plan).select_related("item", "section").prefetch_related(
        "item__responsibilities__committee"
    )
    return {
        "title": plan.title,
        "sections": [
            {"heading": s.heading, "declared_count": s.declared_count} for s in Section.objects.filter(plan=plan)
        ],
        "entries": [
            {
                "item": e.item_id,
                "section": e.section.heading if e.section else "",
                "number": e.number,
                "title": e.item.title,
                "timing": e.item.timing.label(),
                "leads": [r.committee.short_name for r in e.item.responsibilities.all() if r.role == "lead"],
            }
            for e in entries.order_by("order")
        ],
    }


def adopt_plan(plan: AnnualPlan, by, adopted_on, adopted_at=None) -> AnnualPlan:
    with transaction.atomic():
        plan.status = AnnualPlan.Status.ADOPTED
        plan.adopted_on = adopted_on
        plan.adopted_at = adopted_at
        plan.adopted_snapshot = plan_snapshot(plan)
        plan.save()
    return plan


def adjust_plan(
    plan: AnnualPlan, by, *, kind: str, item: PlanItem, reason: str, timing=None, start_month=None, decided_at="",
    decided_meeting=None,
):
    """Give an item of an adopted plan new timing (`timing`: plans.timing.TIMING_ATTRS, as AdjustmentForm cleans
    them; `start_month` alone moves it to that month) or drop it; the adjustment is recorded with its reason, the
    whole timing before and after, and the meeting that decided it."""
    from plans.timing import TimingKind, timing_text, timing_values

    timing_before = timing_after = {}
    with transaction.atomic():
        if kind == PlanAdjustment.Kind.MOVE:
            if timing is None:
                timing = {"timing_kind": TimingKind.MONTH, "start_month": start_month, "end_month": None,
                          "quarter": None}
            timing_before = timing_values(item)
            bump_version(item, None)
            for attr, value in timing.items():
                setattr(item, attr, value)
            item.postponed_to_month = None
            item.save()
            timing_after = timing_values(item)
            before, after = timing_text(timing_before)[:200], timing_text(timing_after)[:200]
            record_edit(item, by, {"时间": [before, after]}, f"计划调整：{reason}")
        elif kind == PlanAdjustment.Kind.DROP:
            before, after = item.get_status_display(), PlanItemStatus.CANCELLED.label
            if item.status != PlanItemStatus.CANCELLED:
                change_status(item, PlanItemStatus.CANCELLED, by, f"计划调整：{reason}")
        else:
            raise ValueError(kind)
        return PlanAdjustment.objects.create(
            plan=plan, item=item, kind=kind, before=before, after=after, timing_before=timing_before,
            timing_after=timing_after, reason=reason, decided_at=decided_at, decided_meeting=decided_meeting, by=by,
        )


def record_added_item(
    plan: AnnualPlan, item: PlanItem, by, reason: str, decided_at="", decided_meeting=None
) -> PlanAdjustment:
    return PlanAdjustment.objects.create(
        plan=plan, item=item, kind=PlanAdjustment.Kind.ADD, after=item.title[:200], reason=reason,
        decided_at=decided_at, decided_meeting=decided_meeting, by=by,
    )


# What a copy for next year does not take over: its identity and bookkeeping, the year (the new plan's),
# and how far the matter got this year (a copy is a new matter, not started). Every other field is
# copied, so a field added to PlanItem is carried over without a change here.
_NOT_COPIED = {"id", "year", "status", "progress", "postponed_to_month", "due_month", "version", "created_at",
               "updated_at"}
# Copied below with their own rules: only the reporting bodies that still exist; committees with their roles.
_M2M_COPIED_APART = {"reporting_bodies", "committees"}


def _copied_fields(item: PlanItem) -> dict:
    return {f.attname: getattr(item, f.attname) for f in PlanItem._meta.concrete_fields if f.name not in _NOT_COPIED}


def copy_plan(plan: AnnualPlan, year: int, items, by) -> AnnualPlan:
    """Start next year's plan as a draft holding copies of the chosen items (new matters, not started)."""
    with transaction.atomic():
        title = plan.title.replace(str(plan.year), str(year)) if str(plan.year) in plan.title else f"{year} 年{plan.get_kind_display()}"
        new = AnnualPlan.objects.create(body=plan.body, year=year, kind=plan.kind, title=title)
        sections = {}
        for section in Section.objects.filter(plan=plan).order_by("order"):
            sections[section.pk] = Section.objects.create(
                plan=new, order=section.order, heading=section.heading, declared_count=None
            )
        chosen = {i.pk for i in items}
        entries = PlanEntry.objects.filter(plan=plan, item_id__in=chosen).select_related("item").order_by("order")
        for order, entry in enumerate(entries, 1):
            old = entry.item
            copy = PlanItem(**_copied_fields(old), year=year)
            copy.save()
            for field in PlanItem._meta.many_to_many:
                if field.name not in _M2M_COPIED_APART:
                    getattr(copy, field.name).set(getattr(old, field.name).all())
            copy.reporting_bodies.set(old.reporting_bodies.filter(valid_to__isnull=True))
            ItemCommittee.objects.bulk_create(
                ItemCommittee(item=copy, committee_id=r.committee_id, role=r.role) for r in old.responsibilities.all()
            )
            PlanEntry.objects.create(
                plan=new, item=copy, section=sections.get(entry.section_id), order=order, number=entry.number
            )
            record_edit(copy, by, {"新建": ["", copy.title[:60]]}, f"复制自{plan.year}年计划")
        # Declared counts are the office's to set again: the copy keeps only what was chosen.
        return new


def untouched(item: PlanItem) -> bool:
    """A matter nobody has worked on yet: removing it from its only plan may delete it."""
    return (
        item.status == PlanItemStatus.NOT_STARTED
        and item.progress == 0
        and not item.status_changes.exists()
        and not item.agenda_items.exists()
        and not item.documents.exists()
    )


def remove_entry(entry: PlanEntry, *, delete_matter: bool = False) -> bool:
    """Take an entry off its (draft) plan. With `delete_matter`, the matter goes too when no other plan lists it
    and nobody has worked on it; returns whether it did. A matter in no plan is never counted as planned work."""
    item = entry.item
    with transaction.atomic():
        entry.delete()
        if delete_matter and not item.entries.exists() and untouched(item):
            item.delete()
            return True
    return False
