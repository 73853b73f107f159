"""Each body's deadline rules. Read them through renda.rules, never field by field elsewhere."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django_scopes import ScopedManager

from plans.models.organisation import Body

DAYS = [MinValueValidator(0), MaxValueValidator(365)]


class EvaluationRule(models.TextChoices):
    HALF_OF_MEMBERS = "half_of_members", "过组成人员半数（镇海规则）"
    HALF_OF_PRESENT = "half_of_present", "过出席人员半数"
    RATE_THRESHOLD = "rate_threshold", "满意率对照门槛"


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

    # Satisfaction evaluation: which rule turns counts into a result (DOMAIN.md), and its threshold.
    evaluation_rule = models.CharField(
        "满意度测评计算规则", max_length=30, choices=EvaluationRule.choices, default=EvaluationRule.HALF_OF_MEMBERS
    )
    evaluation_threshold = models.PositiveSmallIntegerField(
        "满意率门槛（%）", default=60, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="仅“满意率对照门槛”规则使用：(满意+基本满意)/有效票 达到此比例为满意",
    )
    evaluation_basic_threshold = models.PositiveSmallIntegerField(
        "基本满意门槛（%）", default=50, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="仅“满意率对照门槛”规则使用：未达满意门槛但达到此比例为基本满意",
    )
    # Review opinions: months the reporting body has to report how it handled them.
    opinion_response_months = models.PositiveSmallIntegerField(
        "审议意见反馈期限（月）", default=2, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    rectification_months = models.PositiveSmallIntegerField(
        "整改期限（月）", default=3, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "期限规则"
        verbose_name_plural = "期限规则"

    def __str__(self):
        return f"{self.body} 期限规则"
