"""建议办理工作评价: the handling units' year result, and the 不满意情况专项报告 a unit owes after 不满意.

A UnitEvaluation is one unit's frozen result for one year: every component (counts, rate, weight, points)
and the score, with the rule's parameters copied from BodyRules when it was computed, so a later change of a
weight never alters it (like supervision's Evaluation.rule/rule_params). Until the office freezes a year
(定稿), the ranking page computes the year live (deputies/unit_evaluation/scoring.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from core.uploads import validate_upload


class UnitEvaluation(models.Model):
    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE,
                             related_name="unit_evaluations")
    year = models.PositiveSmallIntegerField("年度")
    unit = models.ForeignKey("core.ReportingBody", verbose_name="承办单位", on_delete=models.RESTRICT,
                             related_name="suggestion_evaluations")
    components = models.JSONField("各项得分", default=dict)
    score = models.DecimalField("得分", max_digits=5, decimal_places=1)
    rank = models.PositiveSmallIntegerField("名次", default=0)
    rule_params = models.JSONField("规则参数", default=dict, blank=True)
    computed_at = models.DateTimeField("定稿时间", default=timezone.now)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="定稿人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "建议办理工作评价"
        verbose_name_plural = "建议办理工作评价"
        ordering = ["body", "-year", "rank", "id"]
        constraints = [models.UniqueConstraint(fields=["body", "year", "unit"], name="unit_evaluation_unique")]

    def __str__(self):
        return f"{self.year}年 {self.unit} {self.score}"


class UnsatisfiedReport(models.Model):
    """《人大代表不满意情况专项报告》: owed by the lead unit for a round the deputy judged 不满意."""

    suggestion = models.ForeignKey("deputies.Suggestion", verbose_name="建议", on_delete=models.CASCADE,
                                   related_name="unsatisfied_reports")
    round = models.PositiveSmallIntegerField("办理轮次", help_text="代表反馈不满意的那一轮")
    unit = models.ForeignKey("core.ReportingBody", verbose_name="承办单位", on_delete=models.RESTRICT,
                             related_name="unsatisfied_reports")
    opened_on = models.DateField("不满意反馈日期")
    due_on = models.DateField("提交期限")
    delivered_on = models.DateField("提交日期", null=True, blank=True)
    text = models.TextField("报告内容", max_length=20000, blank=True)
    document = models.FileField("报告文件", upload_to="unsatisfied-reports/%Y/", blank=True,
                                validators=[validate_upload])
    delivered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(body="suggestion__body")

    class Meta:
        verbose_name = "不满意情况专项报告"
        verbose_name_plural = "不满意情况专项报告"
        ordering = ["suggestion", "round"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "round"], name="unsatisfied_report_unique_round")]

    def __str__(self):
        return f"{self.suggestion_id} 第{self.round}轮不满意情况专项报告"

    @property
    def on_time(self) -> bool | None:
        return None if self.delivered_on is None else self.delivered_on <= self.due_on

    def is_overdue(self, day=None) -> bool:
        return self.delivered_on is None and self.due_on < (day or timezone.localdate())
