"""Drafting a plan item for next year from suggestions, keeping them as its sources (PlanItemSource).

The item goes into the body's plan of the chosen year and kind (监督工作计划 unless the office chooses another):
into that plan when it is still a draft; into a new draft plan of that year and kind when there is none yet (as
plans/ creates one: a draft the office goes on editing, adopting later); never straight into an adopted plan,
which takes new items only through an adjustment with its reason (the plan's own 新增事项 page).
"""

from django.db import transaction

from deputies.models import PlanItemSource
from plans import editing
from plans.models import AnnualPlan, PlanItem, PlanKind


class PlanAdopted(ValueError):
    """The year's plan of that kind is adopted: the message says what to do instead."""


def target_plan(year: int, kind: str) -> AnnualPlan | None:
    """The body's plan of that year and kind (the scoped manager keeps to the current body), or None."""
    return AnnualPlan.objects.filter(year=year, kind=kind).first()


def plan_note(year: int, kind: str) -> str:
    """What the page tells the office will happen to the chosen plan."""
    plan, label = target_plan(year, kind), PlanKind(kind).label
    if plan is None:
        return f"{year}年尚无{label}：保存时将新建一份“{year}年{label}”草案，事项列入其中。"
    if plan.status == AnnualPlan.Status.ADOPTED:
        return f"《{plan.title}》已通过：新增事项须经计划调整，请到该计划页面新增事项并说明理由，或选择其他计划。"
    return f"事项将列入《{plan.title}》（草案）。"


def create_item(body, user, *, suggestions, title, form, focus, year, kind, timing_kind, leads) -> PlanItem:
    """The new item, filed in its plan, with one source row per suggestion; raises PlanAdopted."""
    with transaction.atomic():
        plan = target_plan(year, kind)
        if plan is not None and plan.status == AnnualPlan.Status.ADOPTED:
            raise PlanAdopted(plan_note(year, kind))
        if plan is None:
            plan = AnnualPlan.objects.create(body=body, year=year, kind=kind, title=f"{year}年{PlanKind(kind).label}")
        item = PlanItem(body=body, year=year, title=title, form=form, focus=focus, timing_kind=timing_kind)
        item.clean()
        numbers = "、".join(s.number_label for s in suggestions[:10]) + ("等" if len(suggestions) > 10 else "")
        editing.save_item(item, user, body, reporting_bodies=[], leads=list(leads), helpers=[], plan=plan,
                          note=f"根据代表建议拟订（{len(suggestions)} 件：{numbers}）")
        PlanItemSource.objects.bulk_create(
            PlanItemSource(plan_item=item, suggestion=s, created_by=user) for s in suggestions)
    return item
