"""The tables of the plans app's lists (core.tables): what the item list and its spreadsheet show."""

from collections import defaultdict

from django.db.models import Count
from django.utils import timezone

from core.tables import Column, Table, badge, chinese_date, escape, link_to
from plans.models import AnnualPlan, ItemCommittee, PlanItem, PlanItemStatus, PlanKind
from plans.models.plans import forms_label, listed_annotation

# Labels looked up in a dict: the models' get_FOO_display() rebuilds its choices on every call.
STATUSES = dict(PlanItemStatus.choices)


def _title_link(item) -> str:
    title = item.title if len(item.title) <= 80 else item.title[:79] + "…"
    return f'<a href="/items/{item.pk}/">{escape(title)}</a>'


class PlanItemTable(Table):
    """计划事项: the busiest page of the system. Committees and reporting bodies are read as plain values
    for a page (or a chunk of the file) at once in `prepare`, two queries, rather than through per-row
    related managers: that keeps the page well under the admin's time."""

    choice_key = "plan-items"
    sheet_title = "计划事项"
    file_slug = "plan-items"
    empty_text = "没有符合条件的事项。"

    year = Column("年度", sort="year", width=6)
    title = Column("事项", html=_title_link, hideable=False, width=60)
    # Every form the matter carries, the main one first: 专项工作报告、满意度测评.
    form = Column("形式", lambda item: forms_label(item.all_forms()), export_header="监督形式", width=16)
    # The page: the time deadlines are measured against (a postponed month); the file: the plan's own time.
    timing = Column("时间", lambda item: item.effective_timing.label(), sort="due",
                    export_value=lambda item: item.timing.label())
    reporting_bodies = Column("报告单位", lambda item: "、".join(item.reporting_body_names), truncate=40, width=30)
    leads = Column("负责", lambda item: "、".join(item.lead_names), export_header="牵头委员会", width=20)
    helpers = Column("配合委员会", lambda item: "、".join(item.helper_names), page=False, width=20)
    status = Column("状态", lambda item: STATUSES.get(item.status, item.status), sort="status", width=10)
    progress = Column("进度", html=lambda item: f"{item.progress}%", export_value=lambda item: item.progress / 100,
                      page=False, width=8, number_format="0%")
    overdue = Column("逾期", lambda item: item.list_overdue, page=False, width=6)

    @staticmethod
    def base_queryset():
        """The list's rows before filtering, in its order: the page, its file and the file's background job."""
        return PlanItem.objects.annotate(listed=listed_annotation()).order_by("year", "due_month", "id")

    def row_class(self, item) -> str:
        return "overdue" if item.list_overdue else ""

    def html_status(self, item):
        shown = badge(item.status, STATUSES.get(item.status, item.status))
        return shown + ' <span class="badge overdue">逾期</span>' if item.list_overdue else shown

    def prepare(self, items):
        ids = [item.pk for item in items]
        leads, helpers, bodies = defaultdict(list), defaultdict(list), defaultdict(list)
        names = {ItemCommittee.Role.LEAD: leads, ItemCommittee.Role.HELPER: helpers}
        responsibilities = ItemCommittee.objects.filter(item_id__in=ids).order_by("committee__order", "committee_id")
        for item_id, role, name in responsibilities.values_list("item_id", "role", "committee__short_name"):
            names[role][item_id].append(name)
        through = PlanItem.reporting_bodies.through.objects.filter(planitem_id__in=ids)
        for item_id, name in through.order_by("reportingbody__order", "reportingbody_id").values_list(
            "planitem_id", "reportingbody__name"
        ):
            bodies[item_id].append(name)
        today = timezone.localdate()
        for item in items:
            item.lead_names, item.helper_names = leads[item.pk], helpers[item.pk]
            item.reporting_body_names = bodies[item.pk]
            item.list_overdue = item.is_overdue(today)
        super().prepare(items)


PLAN_STATUSES = dict(AnnualPlan.Status.choices)
PLAN_KINDS = dict(PlanKind.choices)


class AnnualPlanTable(Table):
    """年度计划: every plan of the body by year and kind, with its status and how many items it lists."""

    choice_key = "plans"
    sheet_title = "年度计划"
    file_slug = "plans"
    empty_text = "没有符合条件的计划。"

    year = Column("年度", sort="year", width=6)
    title = Column("计划", link=link_to("plan-detail"), hideable=False, width=50)
    kind = Column("类别", lambda plan: PLAN_KINDS.get(plan.kind, plan.kind), sort="kind", width=18)
    status = Column("状态", lambda plan: PLAN_STATUSES.get(plan.status, plan.status),
                    html=lambda plan: badge(plan.status, PLAN_STATUSES.get(plan.status, plan.status)), width=8)
    adopted_on = Column("通过日期", lambda plan: chinese_date(plan.adopted_on),
                        export_value=lambda plan: plan.adopted_on, width=14)
    item_count = Column("事项数", css="num", width=8)

    @staticmethod
    def base_queryset():
        return AnnualPlan.objects.annotate(item_count=Count("entries")).order_by("-year", "kind", "id")
