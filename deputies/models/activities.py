"""Deputies' part in the standing committee's work beyond suggestions and receptions: attending its meetings as
non-voting attendees (列席常委会会议) and the training the body holds for them (代表履职培训).

The year-end summary counts both (reports/summary_figures.py): 列席 in 人次 (one row here per deputy and meeting),
training in 期 (one Training each) and 人次 (its participants).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from deputies.models.roster import Deputy
from meetings.models import Meeting, MeetingKind


class MeetingAttendance(models.Model):
    """One deputy attending one standing-committee meeting as a non-voting attendee (列席)."""

    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE,
                             related_name="meeting_attendances")
    meeting = models.ForeignKey("meetings.Meeting", verbose_name="会议", on_delete=models.CASCADE,
                                related_name="deputy_attendances")
    deputy = models.ForeignKey(Deputy, verbose_name="列席代表", on_delete=models.CASCADE,
                               related_name="meeting_attendances")
    # 出席 / 请假 / 缺席 (deputies/duty): only 出席 rows are 列席 (the list, the summary's 人次, the duty record).
    status = models.CharField("出席情况", max_length=8, default="present",
                              choices=[("present", "出席"), ("leave", "请假"), ("absent", "缺席")])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("录入时间", default=timezone.now)
    is_example = models.BooleanField("示例数据", default=False)

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "代表列席"
        verbose_name_plural = "代表列席"
        ordering = ["meeting__date", "meeting_id", "deputy__name", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "deputy"], name="attendance_unique_deputy",
                                               violation_error_message="该代表已登记列席这次会议。")]

    def __str__(self):
        return f"{self.deputy} 列席 {self.meeting}"


def attendance_meeting_error(meeting) -> str | None:
    """Why deputies cannot be recorded as attending this meeting; None when they can. The page and the API ask it."""
    if meeting.kind != MeetingKind.STANDING:
        return "只有常委会会议登记列席代表。"
    if meeting.status == Meeting.Status.CANCELLED:
        return "该会议已取消，不能登记列席代表。"
    return None


class Training(models.Model):
    """One training session (一期培训) the body held for deputies, and who took part."""

    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE,
                             related_name="trainings")
    title = models.CharField("培训名称", max_length=200)
    held_on = models.DateField("开班日期")
    days = models.PositiveSmallIntegerField("天数", default=1, help_text="培训持续的天数")
    place = models.CharField("地点", max_length=200, blank=True)
    note = models.TextField("备注", max_length=2000, blank=True, help_text="如主办单位、课程内容")
    participants = models.ManyToManyField(Deputy, verbose_name="参训代表", related_name="trainings", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("录入时间", default=timezone.now)
    is_example = models.BooleanField("示例数据", default=False)

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "代表培训"
        verbose_name_plural = "代表培训"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["body", "held_on"])]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    def clean(self):
        """Run by the page's form and the API alike (full_clean)."""
        self.title = (self.title or "").strip()
        errors = {}
        if self.held_on and self.held_on.year < 1990:
            errors["held_on"] = "开班日期有误。"
        if self.days is not None and not 1 <= self.days <= 365:
            errors["days"] = "天数应在 1 到 365 之间。"
        if errors:
            raise ValidationError(errors)
