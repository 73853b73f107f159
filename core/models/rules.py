"""Each body's deadline rules. Read them through core.rules, never field by field elsewhere."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django_scopes import ScopedManager

from core.models.organisation import Body

DAYS = [MinValueValidator(0), MaxValueValidator(365)]
WEIGHT = [MinValueValidator(0), MaxValueValidator(100)]

# The weights of the handling units' evaluation (建议办理工作评价), in the order of the rules page.
UNIT_EVALUATION_WEIGHTS = [
    "weight_sign_on_time", "weight_contact", "weight_in_person", "weight_reply_on_time", "weight_ab_share",
    "weight_satisfaction", "weight_rehandling", "weight_extensions", "weight_special_report",
]

# The points of deputies' duty record (代表履职积分), in the order of the rules page (deputies/duty/record.py).
DUTY_POINT_WEIGHTS = [
    "duty_points_congress", "duty_points_standing", "duty_points_inspection", "duty_points_reception",
    "duty_points_training", "duty_points_theme", "duty_points_voters_report", "duty_points_other",
    "duty_points_proposed", "duty_points_cosigned", "duty_points_feedback",
]
DUTY_RULE_FIELDS = [*DUTY_POINT_WEIGHTS, "duty_points_absent", "duty_min_activities", "duty_feedback_days"]
COMMON_PRACTICE = "参照各地代表履职积分办法的常见做法"


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

    # Deputy suggestions (DOMAIN.md "Deputy suggestions").
    suggestion_reply_months = models.PositiveSmallIntegerField(
        "建议答复期限（交办后月数）", default=3, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    suggestion_max_months = models.PositiveSmallIntegerField(
        "延期后最长办理期限（交办后月数）", default=6, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    co_unit_input_months = models.PositiveSmallIntegerField(
        "协办单位提交意见期限（月）", default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    rehandle_reply_months = models.PositiveSmallIntegerField(
        "不满意重新办理答复期限（月）", default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    suggestion_sign_days = models.PositiveSmallIntegerField(
        "承办单位签收期限（天）", default=3, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    suggestion_soon_due_days = models.PositiveSmallIntegerField(
        "答复临期提示（天）", default=14, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    contact_target_percent = models.PositiveSmallIntegerField(
        "沟通联系率目标（%）", default=100, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    in_person_target_percent = models.PositiveSmallIntegerField(
        "当面沟通或共同调研率目标（%）", default=50, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    # The 不满意情况专项报告 a handling unit owes after a deputy's 不满意 (seed 000 (十三)).
    unsatisfied_report_days = models.PositiveSmallIntegerField(
        "不满意情况专项报告提交期限（天）", default=30, validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text="代表反馈不满意之日起多少天内，主办单位提交《人大代表不满意情况专项报告》（依据：白云区 2023 年代表工作计划（十三））",
    )
    # 建议办理工作评价: each component's weight in the handling units' year score (deputies/unit_evaluation).
    # The score is Σ weight × attainment ÷ Σ weights × 100; the sources are named in each help text and the README.
    weight_sign_on_time = models.PositiveSmallIntegerField(
        "权重：按时签收", default=5, validators=WEIGHT,
        help_text="主办件在签收期限内签收的比例。依据：代表建议办理办法的签收期限（本页“承办单位签收期限”）",
    )
    weight_contact = models.PositiveSmallIntegerField(
        "权重：答复前沟通联系", default=15, validators=WEIGHT,
        help_text="主办件在首次答复前与代表沟通联系的比例，对照沟通联系率目标。"
                  "依据：白云区 2023 年代表工作计划（十二）“主办件与代表 100%沟通联系”",
    )
    weight_in_person = models.PositiveSmallIntegerField(
        "权重：当面沟通或共同调研", default=15, validators=WEIGHT,
        help_text="主办件当面沟通或共同调研的比例，对照当面沟通率目标。"
                  "依据：白云区 2023 年代表工作计划（十二）“50%以上主办件需面谈或调研”",
    )
    weight_reply_on_time = models.PositiveSmallIntegerField(
        "权重：按期答复", default=15, validators=WEIGHT,
        help_text="首次答复不晚于答复期限的比例。依据：代表建议办理办法“交办之日起三个月内答复”",
    )
    weight_ab_share = models.PositiveSmallIntegerField(
        "权重：A+B 类占比", default=10, validators=WEIGHT,
        help_text="答复为 A类（已解决或基本解决）或 B类（正在解决或列入计划）的比例。"
                  "依据：白云区 2023 年代表工作计划（十二）“既要重结果、也要重过程”",
    )
    weight_satisfaction = models.PositiveSmallIntegerField(
        "权重：代表满意度", default=20, validators=WEIGHT,
        help_text="代表反馈满意或基本满意的比例。依据：白云区 2023 年代表工作计划（十三）“满意率低的代表建议”专项督办",
    )
    weight_rehandling = models.PositiveSmallIntegerField(
        "权重：不满意件重新办理", default=5, validators=WEIGHT,
        help_text="代表不满意后按期重新答复的比例。依据：代表建议办理办法“不满意的重新办理，一个月内再次答复”",
    )
    weight_extensions = models.PositiveSmallIntegerField(
        "权重：未申请延期", default=5, validators=WEIGHT,
        help_text="未经批准延期即办结答复的比例。依据：代表建议办理办法“确需延期的须经批准，最长六个月”",
    )
    weight_special_report = models.PositiveSmallIntegerField(
        "权重：不满意情况专项报告", default=10, validators=WEIGHT,
        help_text="应交的《人大代表不满意情况专项报告》按期提交的比例。依据：白云区 2023 年代表工作计划（十三）",
    )
    # Deputies: receptions at a liaison station each year.
    reception_target = models.PositiveSmallIntegerField(
        "代表每年进站接待次数目标", default=4, validators=[MinValueValidator(0), MaxValueValidator(52)]
    )
    # 代表履职积分 (deputies/duty): points per activity of each type in a year, a deduction per absence without
    # leave, the yearly minimum of activities. Seeds name the minimum and the registration, not the points: those
    # say so (COMMON_PRACTICE) rather than cite a rule they do not have.
    duty_points_congress = models.PositiveSmallIntegerField(
        "积分：出席人代会（每次）", default=10, validators=WEIGHT,
        help_text=f"出席本级人民代表大会会议。依据：代表法“代表应当出席本级人民代表大会会议”；分值{COMMON_PRACTICE}",
    )
    duty_points_standing = models.PositiveSmallIntegerField(
        "积分：列席常委会会议（每次）", default=5, validators=WEIGHT,
        help_text=f"受邀列席常委会会议并出席。{COMMON_PRACTICE}",
    )
    duty_points_inspection = models.PositiveSmallIntegerField(
        "积分：参加视察、调研、执法检查（每次）", default=5, validators=WEIGHT,
        help_text=f"登记为执法检查参加代表的次数。{COMMON_PRACTICE}",
    )
    duty_points_reception = models.PositiveSmallIntegerField(
        "积分：进站接待选民（每次）", default=5, validators=WEIGHT,
        help_text="依据：白云区 2023 年代表工作计划“每月开展人大代表进站接待选民和群众活动”；"
                  f"分值{COMMON_PRACTICE}",
    )
    duty_points_training = models.PositiveSmallIntegerField(
        "积分：参加培训（每次）", default=3, validators=WEIGHT,
        help_text=f"办公室登记的代表培训和经认定的本人登记的培训。{COMMON_PRACTICE}",
    )
    duty_points_theme = models.PositiveSmallIntegerField(
        "积分：主题活动（每次）", default=3, validators=WEIGHT,
        help_text=f"代表登记、办公室认定的主题活动。{COMMON_PRACTICE}",
    )
    duty_points_voters_report = models.PositiveSmallIntegerField(
        "积分：向选民述职（每次）", default=10, validators=WEIGHT,
        help_text="依据：白云区 2023 年代表工作计划（十五）“指导各镇街人大依法开展代表履职报告活动”；"
                  f"分值{COMMON_PRACTICE}",
    )
    duty_points_other = models.PositiveSmallIntegerField(
        "积分：其他履职（每次）", default=2, validators=WEIGHT,
        help_text=f"代表登记、办公室认定的其他履职活动。{COMMON_PRACTICE}",
    )
    duty_points_proposed = models.PositiveSmallIntegerField(
        "积分：领衔提出建议、议案（每件）", default=5, validators=WEIGHT,
        help_text=f"经审查立案的建议和议案（草稿、待附议、待审查和退回的不计）。{COMMON_PRACTICE}",
    )
    duty_points_cosigned = models.PositiveSmallIntegerField(
        "积分：附议建议、议案（每件）", default=2, validators=WEIGHT,
        help_text=f"经审查立案的建议和议案中作为附议代表。{COMMON_PRACTICE}",
    )
    duty_points_feedback = models.PositiveSmallIntegerField(
        "积分：按期反馈办理意见（每次）", default=1, validators=WEIGHT,
        help_text="领衔代表在收到答复后“按期反馈天数”内反馈满意度。依据：白云区 2023 年代表工作计划"
                  f"“意见建议的收集、交办、监督、反馈、评价全链条闭环处理”；分值{COMMON_PRACTICE}",
    )
    duty_points_absent = models.PositiveSmallIntegerField(
        "扣分：无故缺席人代会或常委会会议（每次）", default=5, validators=WEIGHT,
        help_text=f"登记为“缺席”（未请假）的会议每次扣除的积分；请假不扣分。{COMMON_PRACTICE}",
    )
    duty_min_activities = models.PositiveSmallIntegerField(
        "代表每年参加活动不少于（次）", default=4, validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="出席会议、列席、视察调研、进站接待、培训、主题活动、述职和其他履职合计（建议和反馈不计入活动次数）。"
                  "依据：白云区 2023 年代表工作计划“每名人大代表每年参加活动不少于 4 次”",
    )
    duty_feedback_days = models.PositiveSmallIntegerField(
        "按期反馈天数（收到答复后）", default=30, validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text=f"领衔代表在答复之日起多少天内反馈计为按期反馈。{COMMON_PRACTICE}",
    )

    objects = ScopedManager(body="body")

    class Meta:
        db_table = "plans_bodyrules"  # kept from before the move to this app: no table is renamed
        verbose_name = "期限规则"
        verbose_name_plural = "期限规则"

    def __str__(self):
        return f"{self.body} 期限规则"
