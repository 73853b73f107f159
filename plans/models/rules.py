"""Each body's deadline rules. Read them through renda.rules, never field by field elsewhere."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django_scopes import ScopedManager

from plans.models.organisation import Body

DAYS = [MinValueValidator(0), MaxValueValidator(365)]


class BodyRules(models.Model):
    """The numbers the supervision law and provincial measures leave to each place (DOMAIN.md)."""

    body = models.OneToOneField(Body, verbose_name="人大常委会", on_delete=models.CASCADE, related_name="rules")
    # The materials ladder, counted back from the meeting date.
    research_start_days = models.PositiveSmallIntegerField("会前多少天可开始调研/检查", default=60, validators=DAYS)
    findings_days = models.PositiveSmallIntegerField("会前多少天向报告单位反馈调研意见", default=25, validators=DAYS)
    report_draft_days = models.PositiveSmallIntegerField("会前多少天报告单位送审报告稿", default=20, validators=DAYS)
    committee_answer_days = models.PositiveSmallIntegerField("会前多少天工委反馈修改意见", default=15, validators=DAYS)
    revised_report_days = models.PositiveSmallIntegerField("会前多少天修改稿报常委会", default=10, validators=DAYS)
    materials_days = models.PositiveSmallIntegerField("会前多少天会议材料送达组成人员", default=7, validators=DAYS)

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "期限规则"
        verbose_name_plural = "期限规则"

    def __str__(self):
        return f"{self.body} 期限规则"
