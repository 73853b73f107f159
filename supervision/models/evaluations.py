"""Satisfaction evaluations (满意度测评): counts per subject, and the result with the rule that made it."""

from django.db import models
from django_scopes import ScopedManager


class EvaluationResult(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class Evaluation(models.Model):
    """One vote at a meeting's agenda item, over one or more subjects (23 departments, 10 projects)."""

    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", verbose_name="议题", on_delete=models.CASCADE, related_name="evaluations"
    )
    title = models.CharField("测评名称", max_length=200)
    held_on = models.DateField("测评日期", null=True, blank=True)
    note = models.TextField("说明", max_length=2000, blank=True)

    objects = ScopedManager(body="agenda_item__meeting__body")

    class Meta:
        verbose_name = "满意度测评"
        verbose_name_plural = "满意度测评"
        ordering = ["-held_on", "id"]

    def __str__(self):
        return self.title


class EvaluationSubject(models.Model):
    """What is evaluated: a report, a government department or a livelihood project.

    RESTRICT on departments and projects: they cannot be deleted while results refer to them,
    unless the whole body goes.
    """

    class Kind(models.TextChoices):
        REPORT = "report", "专项工作报告"
        DEPARTMENT = "department", "政府工作部门"
        LIVELIHOOD = "livelihood", "民生实事项目"

    evaluation = models.ForeignKey(Evaluation, verbose_name="测评", on_delete=models.CASCADE, related_name="subjects")
    order = models.PositiveSmallIntegerField("序号", default=0)
    kind = models.CharField("对象类别", max_length=12, choices=Kind.choices)
    reporting_body = models.ForeignKey(
        "core.ReportingBody", verbose_name="部门", null=True, blank=True, on_delete=models.RESTRICT,
        related_name="evaluation_subjects",
    )
    livelihood_project = models.ForeignKey(
        "supervision.LivelihoodProject", verbose_name="民生实事项目", null=True, blank=True,
        on_delete=models.RESTRICT, related_name="evaluation_subjects",
    )
    label = models.CharField("测评对象", max_length=200)
    # Counts, empty until entered.
    satisfied = models.PositiveSmallIntegerField("满意", null=True, blank=True)
    basic = models.PositiveSmallIntegerField("基本满意", null=True, blank=True)
    unsatisfied = models.PositiveSmallIntegerField("不满意", null=True, blank=True)
    invalid = models.PositiveSmallIntegerField("无效票", null=True, blank=True)
    in_office = models.PositiveSmallIntegerField("组成人员数", null=True, blank=True)
    present = models.PositiveSmallIntegerField("出席人数", null=True, blank=True)
    # The result and the rule that made it travel together: a later rule change never alters them.
    result = models.CharField("结果", max_length=12, choices=EvaluationResult.choices, blank=True)
    rule = models.CharField("计算规则", max_length=30, blank=True)
    rule_params = models.JSONField("规则参数", default=dict, blank=True)
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)

    objects = ScopedManager(body="evaluation__agenda_item__meeting__body")

    class Meta:
        verbose_name = "测评对象"
        verbose_name_plural = "测评对象"
        ordering = ["evaluation", "order", "id"]

    def __str__(self):
        return self.label
