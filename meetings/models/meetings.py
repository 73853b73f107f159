"""Meetings and their agendas."""

from django.core.exceptions import ValidationError
from django.db import models
from django_scopes import ScopedManager

from core.models.organisation import Body, ReportingBody, Term
from core.numerals import chinese_number


class MeetingKind(models.TextChoices):
    STANDING = "standing", "常委会会议"
    CHAIRPERSONS = "chairpersons", "主任会议"
    CONGRESS = "congress", "人民代表大会会议"


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "计划"
        SCHEDULED = "scheduled", "已定日期"
        HELD = "held", "已召开"
        CANCELLED = "cancelled", "已取消"

    body = models.ForeignKey(Body, verbose_name="人大常委会", on_delete=models.CASCADE, related_name="meetings")
    # RESTRICT: a term with meetings cannot go, unless its whole body is being deleted.
    term = models.ForeignKey(Term, verbose_name="届", on_delete=models.RESTRICT, related_name="meetings")
    kind = models.CharField("会议类别", max_length=15, choices=MeetingKind.choices, default=MeetingKind.STANDING)
    number = models.PositiveSmallIntegerField("次", help_text="在本届同类会议中的次序")
    year = models.PositiveSmallIntegerField("年度")
    planned_month = models.PositiveSmallIntegerField("计划月份", null=True, blank=True)
    date = models.DateField("日期", null=True, blank=True)
    date_assumed = models.BooleanField(
        "日期为推定", default=False, help_text="来源文件只给出月份，具体日期为推定"
    )
    place = models.CharField("地点", max_length=100, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PLANNED)
    members_in_office = models.PositiveSmallIntegerField("组成人员数", null=True, blank=True)
    members_present = models.PositiveSmallIntegerField("出席人数", null=True, blank=True)
    # The office fixes the agenda once it is final; until then reminders ask for it (core/reminders.py).
    agenda_fixed_on = models.DateField("议程确定日期", null=True, blank=True)

    objects = ScopedManager(body="body")

    class Meta:
        db_table = "plans_meeting"  # kept from before the move to this app: no table is renamed
        verbose_name = "会议"
        verbose_name_plural = "会议"
        ordering = ["year", "kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["term", "kind", "number"], name="meeting_unique_number_in_term"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        """The number free in its term and kind, the date inside the term and its year, a date or a month.

        Run by the page's form and the API alike (full_clean); a meeting given a date is planned for its month.
        """
        errors = {}
        term = self.term if self.term_id else None
        day, number = self.date, self.number
        if term and self.kind in MeetingKind.values and number:
            clash = Meeting.objects.filter(term=term, kind=self.kind, number=number).exclude(pk=self.pk)
            if clash.exists():
                label = MeetingKind(self.kind).label
                errors.setdefault("number", []).append(f"{term}{label}第 {number} 次已经存在，请换一个次序。")
        if term and day and not term.contains(day):
            end = term.end.isoformat() if term.end else "至今"
            errors.setdefault("date", []).append(
                f"日期 {day.isoformat()} 不在{term}任期内（{term.start.isoformat()} – {end}）。"
            )
        if day:
            if self.year and self.year != day.year:
                errors.setdefault("year", []).append(f"年度应与会议日期一致（{day.year}）。")
            self.planned_month = self.planned_month or day.month
        planned = self.planned_month
        if planned is not None and not 1 <= int(planned) <= 12:
            errors.setdefault("planned_month", []).append("月份应在 1 到 12 之间。")
        if not day and not planned:
            errors.setdefault("planned_month", []).append("请填写会议日期或计划月份。")
        if errors:
            raise ValidationError(errors)

    @property
    def title(self) -> str:
        """e.g. 第十七届人大常委会第十三次会议."""
        n = chinese_number(self.number)
        if self.kind == MeetingKind.CONGRESS:
            return f"{self.term}人民代表大会第{n}次会议"
        if self.kind == MeetingKind.CHAIRPERSONS:
            return f"{self.term}人大常委会第{n}次主任会议"
        return f"{self.term}人大常委会第{n}次会议"

    @property
    def short_title(self) -> str:
        suffix = "次主任会议" if self.kind == MeetingKind.CHAIRPERSONS else "次会议"
        return f"第{chinese_number(self.number)}{suffix}"


class AgendaItem(models.Model):
    class Form(models.TextChoices):
        REVIEW = "review", "审议"
        HEAR_AND_REVIEW = "hear_review", "听取和审议"
        HEAR = "hear", "听取"
        EXAMINE_APPROVE = "examine_approve", "审查和批准"
        OTHER = "other", "其他"

    class Outcome(models.TextChoices):
        HEARD = "heard", "已听取"
        REVIEWED = "reviewed", "已审议"
        APPROVED = "approved", "已批准"
        ADOPTED = "adopted", "已通过"
        WITHDRAWN = "withdrawn", "撤回/未审议"

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField("序号")
    title = models.TextField("议题", max_length=500)
    form = models.CharField("形式", max_length=20, choices=Form.choices, default=Form.HEAR_AND_REVIEW)
    has_inquiry = models.BooleanField("开展专题询问", default=False)
    has_evaluation = models.BooleanField("开展满意度测评", default=False)
    plan_items = models.ManyToManyField(
        "plans.PlanItem", verbose_name="对应计划事项", blank=True, related_name="agenda_items"
    )
    committees = models.ManyToManyField(
        "core.Committee", verbose_name="负责工委", blank=True, related_name="agenda_items",
        help_text="负责准备工作、登记材料报送的委员会",
    )
    reporting_bodies = models.ManyToManyField(
        ReportingBody, verbose_name="报告单位", blank=True, related_name="agenda_items"
    )

    # What happened at the meeting.
    outcome = models.CharField("结果", max_length=15, choices=Outcome.choices, blank=True)
    resolution_title = models.CharField("决议、决定名称", max_length=200, blank=True)
    appointments = models.PositiveSmallIntegerField("任命（人次）", default=0)
    removals = models.PositiveSmallIntegerField("免职（人次）", default=0)

    objects = ScopedManager(body="meeting__body")

    class Meta:
        db_table = "plans_agendaitem"  # kept from before the move to this app: no table is renamed
        verbose_name = "议题"
        verbose_name_plural = "议题"
        # No unique (meeting, order): reordering rewrites orders in place and may pass through ties.
        ordering = ["meeting", "order", "id"]

    def __str__(self):
        return f"{self.meeting.short_title} {self.order}. {self.title[:30]}"

    @property
    def hears_report(self) -> bool:
        """Items that hear a report get the materials ladder (审议 a draft or name list does not)."""
        return self.form in (self.Form.HEAR_AND_REVIEW, self.Form.HEAR, self.Form.EXAMINE_APPROVE) and "报告" in self.title
