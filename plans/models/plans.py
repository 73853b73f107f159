"""Annual plans, their sections, and the plan items (matters) they list."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from core.models.organisation import Body, Committee, ReportingBody
from plans.timing import Timing, TimingKind

MONTH = [MinValueValidator(1), MaxValueValidator(12)]

# The timing fields each kind of timing needs (with the refusal when one is missing), and uses.
TIMING_NEEDS = {
    TimingKind.MONTH: [("start_month", "请选择月份。")],
    TimingKind.RANGE: [("start_month", "请选择起始月份。"), ("end_month", "请选择截止月份。")],
    TimingKind.DEADLINE: [("end_month", "请选择须在哪个月底前完成。")],
    TimingKind.QUARTER: [("quarter", "请选择季度。")],
}
TIMING_FIELDS = ("start_month", "end_month", "quarter")


class PlanKind(models.TextChoices):
    WORK_POINTS = "work_points", "工作要点"
    SUPERVISION = "supervision", "监督工作计划"
    MAJOR_MATTERS = "major_matters", "讨论决定重大事项工作计划"
    DEPUTY_WORK = "deputy_work", "代表工作计划"
    LEGISLATION = "legislation", "立法工作计划"


class AnnualPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草案"
        ADOPTED = "adopted", "已通过"

    body = models.ForeignKey(Body, verbose_name="人大常委会", on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("计划类别", max_length=20, choices=PlanKind.choices)
    title = models.CharField("标题", max_length=120)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    adopted_at = models.ForeignKey(
        "meetings.Meeting", verbose_name="通过会议", null=True, blank=True, on_delete=models.SET_NULL, related_name="adopted_plans"
    )
    adopted_on = models.DateField("通过日期", null=True, blank=True)
    # The plan as adopted (sections, entries, timing, committees), kept when later adjustments change it.
    adopted_snapshot = models.JSONField("通过时版本", null=True, blank=True, editable=False)

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "年度计划"
        verbose_name_plural = "年度计划"
        ordering = ["-year", "kind"]
        constraints = [models.UniqueConstraint(fields=["body", "year", "kind"], name="plan_unique_kind_per_year")]

    def __str__(self):
        return self.title


class Section(models.Model):
    """A heading inside a plan, with the count it declares: 一、听取和审议…专项工作报告（共 12 项）."""

    plan = models.ForeignKey(AnnualPlan, verbose_name="计划", on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField("排序")
    heading = models.CharField("标题", max_length=200)
    declared_count = models.PositiveSmallIntegerField("标明项数", null=True, blank=True)

    objects = ScopedManager(body="plan__body")

    class Meta:
        verbose_name = "计划分节"
        verbose_name_plural = "计划分节"
        ordering = ["plan", "order"]

    def __str__(self):
        return self.heading


class PlanItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未启动"
    PREPARING = "preparing", "准备中"
    SUBMITTED = "submitted", "已提请会议"
    REVIEWED = "reviewed", "已审议"
    FOLLOW_UP = "follow_up", "跟踪落实中"
    DONE = "done", "已完成"
    POSTPONED = "postponed", "已推迟"
    CANCELLED = "cancelled", "已取消"


# Once a matter has been heard at its meeting it is no longer late: what follows (review
# opinions, rectification) carries deadlines of its own. Cancelled matters are never late.
NOT_DUE_STATUSES = (
    PlanItemStatus.REVIEWED,
    PlanItemStatus.FOLLOW_UP,
    PlanItemStatus.DONE,
    PlanItemStatus.CANCELLED,
)


class SupervisionForm(models.TextChoices):
    SPECIAL_REPORT = "special_report", "专项工作报告"
    INQUIRY = "inquiry", "专题询问"
    EVALUATION = "evaluation", "满意度测评"
    INSPECTION = "inspection", "执法检查"
    RESEARCH = "research", "专题调研"
    VISIT = "visit", "视察"
    FINANCE = "finance", "计划预算决算审计"
    MAJOR_MATTER = "major_matter", "讨论决定重大事项"
    FILING_REVIEW = "filing_review", "规范性文件备案审查"
    FOLLOW_UP = "follow_up", "跟踪监督"
    MOTION = "motion", "专题议案"
    PERSONNEL = "personnel", "人事任免"
    DEPUTY_WORK = "deputy_work", "代表工作"
    SELF_BUILDING = "self_building", "自身建设"
    OTHER = "other", "其他"


_FORM_LABELS = dict(SupervisionForm.choices)


def forms_label(forms) -> str:
    """Forms by their labels, as the list, the detail page and the timeline show them: 专项工作报告、满意度测评."""
    return "、".join(_FORM_LABELS.get(f, str(f)) for f in forms)


class PlanItemQuerySet(models.QuerySet):
    def overdue_on(self, day: date):
        """Items whose month or deadline has passed and that are still due; same rule as PlanItem.is_overdue."""
        from plans.models.overdue import overdue_filter

        return self.filter(overdue_filter(day)).exclude(status__in=NOT_DUE_STATUSES)

    def tasks(self):
        """The matters that are work to do: not the principles and aims plans also state (PlanItem.is_principle)."""
        return self.filter(is_principle=False)


class PlanItem(models.Model):
    """One matter, tracked once, however many plans list it (the 国土总体规划 sits in three)."""

    body = models.ForeignKey(Body, verbose_name="人大常委会", on_delete=models.CASCADE, related_name="plan_items")
    year = models.PositiveSmallIntegerField("年度")
    title = models.TextField("事项", max_length=500)
    focus = models.TextField("重点", max_length=20000, blank=True)
    form = models.CharField("监督形式", max_length=20, choices=SupervisionForm.choices)
    # The other forms the matter carries besides `form` ("……的报告，并开展满意度测评"): SupervisionForm values.
    extra_forms = models.JSONField("其他监督形式", default=list, blank=True)
    reporting_bodies = models.ManyToManyField(
        ReportingBody, verbose_name="报告单位", blank=True, related_name="plan_items"
    )
    timing_kind = models.CharField("时间类型", max_length=15, choices=TimingKind.choices)
    start_month = models.PositiveSmallIntegerField("起始月份", null=True, blank=True, validators=MONTH)
    end_month = models.PositiveSmallIntegerField("截止月份", null=True, blank=True, validators=MONTH)
    quarter = models.PositiveSmallIntegerField(
        "季度", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    postponed_to_month = models.PositiveSmallIntegerField("推迟至（月）", null=True, blank=True, validators=MONTH)
    # The latest month the item may finish in, derived from the timing (or the month it was
    # postponed to): lets overdue filters and sorting run in SQL.
    due_month = models.PositiveSmallIntegerField("完成月份", null=True, blank=True, editable=False)
    timing_note = models.CharField("时间说明", max_length=200, blank=True, help_text="如：根据区政府的提请而定")
    to_standing_meeting = models.BooleanField("提请常委会会议", default=False)
    to_chairpersons_meeting = models.BooleanField("提请主任会议", default=False)
    committees = models.ManyToManyField(
        Committee, through="ItemCommittee", verbose_name="负责委员会", related_name="plan_items"
    )
    all_committees_help = models.BooleanField("各工委分工落实", default=False)
    # The 组织实施部门 cell as an imported workbook wrote it ("选联及有关工委"): the plan's export writes it back
    # while it still reads as the item's committees, else the text made from them (plans.workbook_layout).
    units_as_written = models.CharField("组织实施部门（原文）", max_length=200, blank=True, editable=False)
    # A principle or an aim the plan states (工作要点's 始终坚持党的全面领导), not a task: shown in its plans,
    # never due, overdue, planned work or anyone's 本委事项. Set by the imports, changed by the office.
    is_principle = models.BooleanField(
        "原则/目标，不计任务", default=False,
        help_text="计划中的原则、方向或目标，不是具体任务：照常列在计划中，但不计入应办、逾期事项和计划数。",
    )
    status = models.CharField("状态", max_length=15, choices=PlanItemStatus.choices, default=PlanItemStatus.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(
        "进度（%）", default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    # Optimistic locking: a save carrying an older version is refused.
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedManager(body="body", _manager_class=models.Manager.from_queryset(PlanItemQuerySet))

    class Meta:
        verbose_name = "计划事项"
        verbose_name_plural = "计划事项"
        ordering = ["year", "due_month", "id"]
        indexes = [
            models.Index(fields=["body", "year", "status"], name="plan_item_body_year_status"),
            models.Index(fields=["body", "year", "due_month"], name="plan_item_body_year_due"),
        ]

    def __str__(self):
        return self.title[:60]

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("item-detail", kwargs={"pk": self.pk})

    @property
    def timing(self) -> Timing:
        return Timing(self.timing_kind, self.year, self.start_month, self.end_month, self.quarter)

    @property
    def effective_timing(self) -> Timing:
        """The timing deadlines are measured against: the postponed month when there is one."""
        if self.postponed_to_month:
            return Timing(TimingKind.MONTH, self.year, self.postponed_to_month)
        return self.timing

    def compute_due_month(self) -> int | None:
        due = self.effective_timing.due_date()
        return due.month if due else None

    def all_forms(self) -> list[str]:
        """Every form the matter carries, the main one first."""
        return [self.form, *(f for f in self.extra_forms or () if f != self.form)]

    def forms_display(self) -> str:
        return forms_label(self.all_forms())

    def extra_forms_display(self) -> str:
        return forms_label(self.all_forms()[1:])

    def extra_forms_errors(self) -> list[str]:
        """What is wrong with extra_forms: not a list, an unknown form, or the main form again."""
        if not isinstance(self.extra_forms, list):
            return ["其他监督形式应为监督形式的列表。"]
        unknown = [f"“{f}”" for f in self.extra_forms if f not in SupervisionForm.values]
        if unknown:
            return [f"无法识别的监督形式{'、'.join(unknown)}，不能列为其他监督形式。"]
        if self.form and self.form in self.extra_forms:
            return [f"“{SupervisionForm(self.form).label}”已是主要监督形式，不能再列为其他监督形式。"]
        return []

    def clean(self):
        """The timing has the months its kind needs, the other forms are known ones besides the main form; run by
        the page's form and the API alike (full_clean)."""
        errors = {}
        if extra := self.extra_forms_errors():
            errors["extra_forms"] = extra
        else:
            self.extra_forms = list(dict.fromkeys(self.extra_forms))  # a form ticked twice is one form
        needs = TIMING_NEEDS.get(self.timing_kind, [])
        for field, message in needs:
            if not getattr(self, field):
                errors.setdefault(field, []).append(message)
        start, end = self.start_month, self.end_month
        if self.timing_kind == TimingKind.RANGE and start and end and start >= end:
            errors.setdefault("end_month", []).append("截止月份应晚于起始月份。")
        # Keep only the fields the chosen kind uses, so a stale value never changes the meaning.
        used = {field for field, _ in needs}
        for field in TIMING_FIELDS:
            if field not in used:
                setattr(self, field, None)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.due_month = self.compute_due_month()
        if kwargs.get("update_fields") is not None and "due_month" not in kwargs["update_fields"]:
            kwargs["update_fields"] = [*kwargs["update_fields"], "due_month"]
        super().save(*args, **kwargs)

    def is_overdue(self, day: date | None = None) -> bool:
        if self.status in NOT_DUE_STATUSES or self.is_principle or not self.in_a_plan():
            return False
        return self.effective_timing.is_overdue_on(day or timezone.localdate())

    def in_a_plan(self) -> bool:
        """Whether any plan lists the matter: one taken out of every plan is never due, overdue or planned work.
        Lists annotate it (`listed`, see `listed_annotation`) or prefetch the entries, so rows ask no query."""
        listed = getattr(self, "listed", None)
        if listed is not None:
            return bool(listed)
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "entries" in cache:
            return bool(cache["entries"])
        return self.entries.exists()


class PlanEntry(models.Model):
    """Where a matter appears in a plan: its section and its number there."""

    plan = models.ForeignKey(AnnualPlan, verbose_name="计划", on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(PlanItem, verbose_name="事项", on_delete=models.CASCADE, related_name="entries")
    section = models.ForeignKey(
        Section, verbose_name="分节", null=True, blank=True, on_delete=models.SET_NULL, related_name="entries"
    )
    order = models.PositiveSmallIntegerField("排序")
    number = models.CharField("编号", max_length=20, blank=True, help_text="计划中的编号，如：8 或（三）")
    wording = models.TextField("原文表述", max_length=20000, blank=True, help_text="本计划对该事项的原文表述（与事项标题不同时）")

    objects = ScopedManager(body="plan__body")

    class Meta:
        verbose_name = "计划条目"
        verbose_name_plural = "计划条目"
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "item"], name="plan_entry_unique_item")]

    def __str__(self):
        return f"{self.plan} {self.number}"


class ItemCommittee(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "牵头（负责）"
        HELPER = "helper", "配合"

    item = models.ForeignKey(PlanItem, verbose_name="事项", on_delete=models.CASCADE, related_name="responsibilities")
    # RESTRICT: a committee with items cannot go, unless its whole body is being deleted.
    committee = models.ForeignKey(
        Committee, verbose_name="委员会", on_delete=models.RESTRICT, related_name="responsibilities"
    )
    role = models.CharField("职责", max_length=10, choices=Role.choices, default=Role.LEAD)

    objects = ScopedManager(body="item__body")

    class Meta:
        verbose_name = "负责委员会"
        verbose_name_plural = "负责委员会"
        constraints = [models.UniqueConstraint(fields=["item", "committee"], name="item_committee_unique")]

    def __str__(self):
        return f"{self.committee} ({self.get_role_display()})"


class StatusChange(models.Model):
    """One step on an item's timeline: who moved it from what to what, when, and why."""

    item = models.ForeignKey(PlanItem, verbose_name="事项", on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField("原状态", max_length=15, choices=PlanItemStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=15, choices=PlanItemStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField("时间", default=timezone.now)
    note = models.TextField("说明", max_length=2000, blank=True)

    objects = ScopedManager(body="item__body")

    class Meta:
        verbose_name = "状态变更"
        verbose_name_plural = "状态变更"
        ordering = ["item", "at", "id"]

    def __str__(self):
        return f"{self.item_id}: {self.from_status} → {self.to_status}"


def adoption_meetings():
    """The meetings a plan may be adopted at, through the plan's own relation: meetings are built on plans
    (an agenda lists plan items), so plans name the meeting model by its label, never by an import."""
    return AnnualPlan._meta.get_field("adopted_at").related_model.objects.select_related("term")


def listed_annotation():
    """PlanItem.objects.annotate(listed=listed_annotation()): whether any plan lists each matter."""
    return models.Exists(PlanEntry.objects.filter(item=models.OuterRef("pk")))
