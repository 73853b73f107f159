"""Deputies' duty record (履职登记与积分, issue 23 §1): what a deputy declares, attendance at congress sessions, and
the frozen year result.

- DeclaredActivity: an activity renda does not otherwise hold (参加培训, 主题活动, 向选民述职, 其他履职), declared by
  the deputy on the portal with a proof file; the office approves or returns it with a reason. Only approved ones
  count. Each step is a DeclaredActivityEvent (the history shown to the office and the deputy).
- SessionAttendance: a deputy at a session of the people's congress: present, absent with leave or absent
  (standing meetings carry the same status on deputies.MeetingAttendance).
- DutyYearResult: one deputy's frozen counts and points for a year, with the rule's parameters copied from BodyRules
  when it was computed (like UnitEvaluation), so a later change of a weight never alters a stored year.
What counts and how: deputies/duty/record.py.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from core.uploads import validate_upload
from deputies.models.roster import Deputy


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "出席"
    LEAVE = "leave", "请假"
    ABSENT = "absent", "缺席"


class DeclaredActivity(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "training", "参加培训"
        THEME = "theme", "主题活动"
        VOTERS_REPORT = "voters_report", "向选民述职"
        OTHER = "other", "其他履职"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待审核"
        APPROVED = "approved", "已认定"
        RETURNED = "returned", "已退回"

    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE,
                             related_name="declared_activities")
    deputy = models.ForeignKey(Deputy, verbose_name="代表", on_delete=models.CASCADE,
                               related_name="declared_activities")
    kind = models.CharField("活动类别", max_length=16, choices=Kind.choices)
    held_on = models.DateField("活动日期")
    title = models.CharField("活动名称", max_length=200)
    text = models.TextField("履职情况", max_length=4000, help_text="参加了什么活动、做了什么")
    proof = models.FileField("证明材料", upload_to="duty-proofs/%Y/", blank=True, validators=[validate_upload],
                             help_text="通知、签到表、照片或述职报告等")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    return_reason = models.TextField("退回理由", max_length=2000, blank=True)
    decided_on = models.DateField("审核日期", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    is_example = models.BooleanField("示例数据", default=False)
    version = models.PositiveIntegerField("版本", default=1)

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "代表履职登记"
        verbose_name_plural = "代表履职登记"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["body", "status"]), models.Index(fields=["deputy", "held_on"])]

    def __str__(self):
        return f"{self.deputy} {self.held_on:%Y-%m-%d} {self.title}"

    def clean(self):
        self.title = (self.title or "").strip()
        self.text = (self.text or "").strip()
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": "活动日期不能晚于今天：请在活动之后登记。"})
        if self.held_on and self.held_on.year < 1990:
            raise ValidationError({"held_on": "活动日期有误。"})


class DeclaredActivityEvent(models.Model):
    """One step of a declared activity: declared, changed and declared again, approved, returned."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "提交"
        RESUBMITTED = "resubmitted", "修改后重新提交"
        APPROVED = "approved", "认定"
        RETURNED = "returned", "退回"

    activity = models.ForeignKey(DeclaredActivity, verbose_name="履职登记", on_delete=models.CASCADE,
                                 related_name="events")
    kind = models.CharField("事项", max_length=12, choices=Kind.choices)
    text = models.TextField("说明", max_length=2000, blank=True)
    at = models.DateTimeField("时间", default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(body="activity__body")

    class Meta:
        verbose_name = "履职登记记录"
        verbose_name_plural = "履职登记记录"
        ordering = ["activity", "at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class SessionAttendance(models.Model):
    """One deputy at one session of the people's congress (人民代表大会会议)."""

    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE,
                             related_name="session_attendances")
    session = models.ForeignKey("deputies.CongressSession", verbose_name="人代会会议", on_delete=models.CASCADE,
                                related_name="attendances")
    deputy = models.ForeignKey(Deputy, verbose_name="代表", on_delete=models.CASCADE,
                               related_name="session_attendances")
    status = models.CharField("出席情况", max_length=8, choices=AttendanceStatus.choices,
                              default=AttendanceStatus.PRESENT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("录入时间", default=timezone.now)
    is_example = models.BooleanField("示例数据", default=False)

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "代表出席人代会"
        verbose_name_plural = "代表出席人代会"
        ordering = ["session", "deputy__name", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "deputy"], name="session_attendance_unique")]

    def __str__(self):
        return f"{self.deputy} {self.session} {self.get_status_display()}"


class DutyYearResult(models.Model):
    """One deputy's frozen duty record of a year (定稿): counts per activity type, points, the rule used."""

    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE,
                             related_name="duty_results")
    year = models.PositiveSmallIntegerField("年度")
    deputy = models.ForeignKey(Deputy, verbose_name="代表", on_delete=models.CASCADE, related_name="duty_results")
    counts = models.JSONField("各项次数", default=dict)
    activities = models.PositiveSmallIntegerField("参加活动次数", default=0)
    points = models.DecimalField("积分", max_digits=7, decimal_places=1)
    rule_params = models.JSONField("规则参数", default=dict, blank=True)
    computed_at = models.DateTimeField("定稿时间", default=timezone.now)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="定稿人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "代表履职年度结果"
        verbose_name_plural = "代表履职年度结果"
        ordering = ["body", "-year", "deputy__name", "id"]
        constraints = [models.UniqueConstraint(fields=["body", "year", "deputy"], name="duty_result_unique")]

    def __str__(self):
        return f"{self.year}年 {self.deputy} {self.points}"
