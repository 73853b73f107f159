"""One FilterSet per model, shared by the HTML lists and the API viewsets."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from core.filtersets import SearchFilterSet
from core.models import Committee, ReportingBody
from core.number_filter import NumberFilter
from plans.models import AnnualPlan, ItemCommittee, PlanItem, PlanItemStatus, PlanKind, SupervisionForm

# Every filter is declared explicitly: django-filter would otherwise inspect the scoped
# default managers at import time, outside any body scope.


class AnnualPlanFilterSet(SearchFilterSet):
    search_fields = ("title",)
    year = NumberFilter(label="年度")
    kind = django_filters.ChoiceFilter(choices=PlanKind.choices, label="计划类别")
    status = django_filters.ChoiceFilter(choices=AnnualPlan.Status.choices, label="状态")

    class Meta:
        model = AnnualPlan
        fields = ["year", "kind", "status"]


class ChineseOrderingFilter(django_filters.OrderingFilter):
    """Sort choices in the page's language ("年度（倒序）", not "年度 (descending)")."""

    descending_fmt = "%s（倒序）"


# Stages of a plan item as the dashboard counts them.
PROGRESS = {
    "done": (PlanItemStatus.REVIEWED, PlanItemStatus.FOLLOW_UP, PlanItemStatus.DONE),
    "in_progress": (PlanItemStatus.PREPARING, PlanItemStatus.SUBMITTED),
    "not_started": (PlanItemStatus.NOT_STARTED,),
}
PROGRESS_CHOICES = [("done", "已审议或完成"), ("in_progress", "进行中"), ("not_started", "未启动")]
# Plan items that are reports to hear: special reports, reports with an inquiry, plan and budget reports.
REPORT_FORMS = (SupervisionForm.SPECIAL_REPORT, SupervisionForm.INQUIRY, SupervisionForm.FINANCE)


def carries_any_form(forms, prefix="") -> Q:
    """Items whose main form or one of whose other forms is among `forms`. extra_forms is a JSON list of values,
    matched as its text holding the quoted value ("inquiry", quotes included, so only a whole value matches): JSON
    containment is not available on SQLite."""
    condition = Q(**{f"{prefix}form__in": list(forms)})
    for form in forms:
        condition |= Q(**{f"{prefix}extra_forms__icontains": f'"{form}"'})
    return condition


class PlanItemFilterSet(SearchFilterSet):
    search_fields = ("title", "focus")
    year = NumberFilter(label="年度")
    plan = django_filters.ModelChoiceFilter(
        field_name="entries__plan",
        queryset=lambda request: AnnualPlan.objects.only("id", "title").order_by("-year", "kind"),
        label="计划",
        distinct=True,
        empty_label="全部",
    )
    plan_kind = django_filters.ChoiceFilter(
        field_name="entries__plan__kind", choices=PlanKind.choices, label="计划类别", distinct=True
    )
    # The dashboard's planned figures count the matters of adopted plans (reports/year_counts.py).
    plan_status = django_filters.ChoiceFilter(
        field_name="entries__plan__status", choices=AnnualPlan.Status.choices, label="计划状态", distinct=True
    )
    # An item carries its main form and any others (extra_forms): either one finds it.
    form = django_filters.ChoiceFilter(choices=SupervisionForm.choices, method="filter_form", label="监督形式")
    status = django_filters.ChoiceFilter(choices=PlanItemStatus.choices, label="状态")
    committee = django_filters.ModelChoiceFilter(
        queryset=lambda request: Committee.objects.only("id", "short_name"),
        method="filter_committee",
        label="负责委员会",
        empty_label="全部",
    )
    committee_role = django_filters.ChoiceFilter(
        choices=ItemCommittee.Role.choices, method="filter_noop", label="委员会职责"
    )
    reporting_body = django_filters.ModelChoiceFilter(
        field_name="reporting_bodies", queryset=lambda request: ReportingBody.objects.only("id", "name"),
        label="报告单位",
        empty_label="全部",
    )
    month = django_filters.ChoiceFilter(
        choices=[(str(m), f"{m}月") for m in range(1, 13)], method="filter_month", label="月份"
    )
    overdue = django_filters.ChoiceFilter(
        choices=[("true", "已逾期"), ("false", "未逾期")], method="filter_overdue", label="逾期"
    )
    # The directors' dashboard counts by these (reports/dashboard.py): a link opens exactly its number.
    progress = django_filters.ChoiceFilter(choices=PROGRESS_CHOICES, method="filter_progress", label="进展")
    reports = django_filters.ChoiceFilter(
        choices=[("true", "听取报告类")], method="filter_reports", label="听取报告类",
        help_text="专项工作报告、专题询问、计划预算决算审计",
    )
    lead = django_filters.ChoiceFilter(choices=[("none", "未指定牵头委员会")], method="filter_lead", label="牵头委员会")
    # Principles and aims a plan states are not work (PlanItem.is_principle): the dashboard's links leave them out.
    principle = django_filters.ChoiceFilter(
        choices=[("false", "工作任务"), ("true", "原则、目标（不计任务）")], method="filter_principle", label="事项性质",
    )
    ordering = ChineseOrderingFilter(
        fields=(("due_month", "due"), ("year", "year"), ("status", "status"), ("updated_at", "updated"), ("id", "id")),
        # Keyed by model field: django-filter labels the choices by the field, not the parameter.
        field_labels={"due_month": "完成月份", "year": "年度", "status": "状态", "updated_at": "更新时间", "id": "录入顺序"},
        label="排序",
    )

    class Meta:
        model = PlanItem
        fields = ["year", "form", "status"]

    def filter_noop(self, queryset, name, value):
        return queryset  # read by filter_committee

    def filter_committee(self, queryset, name, value: int):
        if value is None:
            return queryset
        lookup = {"responsibilities__committee": value}
        role = self.data.get("committee_role")
        if role in ItemCommittee.Role.values:
            lookup["responsibilities__role"] = role
        return queryset.filter(**lookup).distinct()

    def filter_month(self, queryset, name, month):
        """Items whose timing touches the month: same months as Timing.months()."""
        if month is None:
            return queryset
        month = int(month)
        quarter = (month - 1) // 3 + 1
        return queryset.filter(
            Q(timing_kind="month", start_month=month)
            | Q(timing_kind="range", start_month__lte=month, end_month__gte=month)
            | Q(timing_kind="year")
            | Q(timing_kind="deadline", end_month=month)
            | Q(timing_kind="quarter", quarter=quarter)
        )

    def filter_form(self, queryset, name, value):
        return queryset.filter(carries_any_form([value])) if value else queryset

    def filter_progress(self, queryset, name, value):
        return queryset.filter(status__in=PROGRESS[value]) if value in PROGRESS else queryset

    def filter_reports(self, queryset, name, value):
        return queryset.filter(carries_any_form(REPORT_FORMS)) if value == "true" else queryset

    def filter_lead(self, queryset, name, value):
        if value != "none":
            return queryset
        return queryset.exclude(responsibilities__role=ItemCommittee.Role.LEAD)

    def filter_principle(self, queryset, name, value):
        if value not in ("true", "false"):
            return queryset
        return queryset.filter(is_principle=value == "true")

    def filter_overdue(self, queryset, name, value):
        if value not in ("true", "false"):
            return queryset
        overdue = queryset.overdue_on(timezone.localdate())
        return overdue if value == "true" else queryset.exclude(pk__in=overdue.values("pk"))


