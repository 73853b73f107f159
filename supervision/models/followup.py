"""After a report is heard: review opinions, rectification, livelihood projects, inspections, inquiries."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from core.uploads import validate_upload


class ReviewOpinion(models.Model):
    """审议意见 sent to a reporting body after an agenda item; the body must respond by `due_on`."""

    class Assessment(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        BASIC = "basic", "基本满意"
        UNSATISFIED = "unsatisfied", "不满意"

    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", verbose_name="议题", on_delete=models.CASCADE, related_name="review_opinions"
    )
    reporting_body = models.ForeignKey(
        "core.ReportingBody", verbose_name="报告单位", null=True, blank=True, on_delete=models.RESTRICT,
        related_name="review_opinions",
    )
    committee = models.ForeignKey(
        "core.Committee", verbose_name="跟踪委员会", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="review_opinions",
    )
    text = models.TextField("审议意见", max_length=20000, blank=True)
    document = models.FileField("文件", upload_to="opinions/%Y/", blank=True, validators=[validate_upload])
    sent_on = models.DateField("送交日期", null=True, blank=True)
    due_on = models.DateField("反馈期限", null=True, blank=True)
    response_on = models.DateField("反馈日期", null=True, blank=True)
    response_document = models.FileField("反馈报告", upload_to="opinions/%Y/", blank=True,
                                         validators=[validate_upload])
    response_heard_at = models.ForeignKey(
        "meetings.Meeting", verbose_name="反馈报告提请会议", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="opinion_responses",
    )
    assessment = models.CharField("工委评价", max_length=12, choices=Assessment.choices, blank=True)
    assessment_note = models.TextField("评价说明", max_length=2000, blank=True)
    # Follow-up supervision (跟踪监督) plan items that track this opinion in a later year.
    followed_by = models.ManyToManyField(
        "plans.PlanItem", verbose_name="跟踪监督事项", blank=True, related_name="followed_opinions"
    )

    objects = ScopedManager(body="agenda_item__meeting__body")

    class Meta:
        verbose_name = "审议意见"
        verbose_name_plural = "审议意见"
        ordering = ["-sent_on", "id"]

    def __str__(self):
        return f"{self.agenda_item.title[:40]} 审议意见"

    def clean(self):
        """Run by the pages' forms (the office's, the committee's response, the unit's) and the API alike
        (full_clean): a new opinion says something; a response is dated between sending and today, and is
        assessed only once it has come."""
        if self._state.adding and not self.text and not self.document:
            # Only when the opinion is made: a response is never refused for what the office wrote.
            raise ValidationError("请填写审议意见或上传文件。")
        errors: dict[str, list[str]] = {}
        response_on, sent_on = self.response_on, self.sent_on
        if response_on and sent_on and response_on < sent_on:
            errors.setdefault("response_on", []).append(f"反馈日期早于送交日期（{sent_on:%Y-%m-%d}）。")
        if response_on and response_on > timezone.localdate():
            errors.setdefault("response_on", []).append("反馈日期不能晚于今天。")
        if self.assessment and not response_on:
            errors["assessment"] = ["收到反馈后才能评价。"]
        if errors:
            raise ValidationError(errors)

    def is_overdue(self, day=None) -> bool:
        return self.response_on is None and self.due_on is not None and self.due_on < (day or timezone.localdate())


class Inspection(models.Model):
    """A law-enforcement inspection (执法检查), ending with a report heard at a meeting."""

    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE, related_name="inspections")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("名称", max_length=200)
    laws = models.TextField("检查的法律法规", max_length=20000, help_text="每行一部")
    team = models.TextField("检查组成员", max_length=20000, blank=True)
    deputies_invited = models.TextField("邀请的人大代表", max_length=20000, blank=True)
    # The deputies who took part, from the roster (a string reference: supervision imports nothing of deputies/);
    # each is one 视察/调研 in the deputy's duty record (deputies/duty/record.py).
    deputies = models.ManyToManyField("deputies.Deputy", verbose_name="参加的人大代表", blank=True,
                                      related_name="inspections",
                                      help_text="从代表名册中选择参加检查的代表，计入代表履职登记")
    start_on = models.DateField("开始日期", null=True, blank=True)
    end_on = models.DateField("结束日期", null=True, blank=True)
    plan_item = models.ForeignKey(
        "plans.PlanItem", verbose_name="计划事项", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="inspections",
    )
    report_agenda_item = models.ForeignKey(
        "meetings.AgendaItem", verbose_name="听取报告的议题", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="inspections",
    )

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "执法检查"
        verbose_name_plural = "执法检查"
        ordering = ["-year", "id"]

    def __str__(self):
        return self.title

    def clean(self):
        """Run by the page's form and the API alike (full_clean)."""
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise ValidationError({"end_on": "结束日期早于开始日期。"})


class SpecialInquiry(models.Model):
    """A special inquiry (专题询问) at an agenda item."""

    agenda_item = models.OneToOneField(
        "meetings.AgendaItem", verbose_name="议题", on_delete=models.CASCADE, related_name="special_inquiry"
    )
    askers = models.TextField("询问人", max_length=20000, help_text="每行一人")
    officials = models.TextField("应询人员", max_length=20000, help_text="每行一人，含职务")
    question_count = models.PositiveSmallIntegerField("问题数", default=0)
    note = models.TextField("说明", max_length=2000, blank=True)

    objects = ScopedManager(body="agenda_item__meeting__body")

    class Meta:
        verbose_name = "专题询问"
        verbose_name_plural = "专题询问"

    def __str__(self):
        return f"{self.agenda_item.title[:40]} 专题询问"


class LivelihoodProject(models.Model):
    """One of the year's livelihood projects (民生实事), usually ten."""

    body = models.ForeignKey(
        "core.Body", verbose_name="人大常委会", on_delete=models.CASCADE, related_name="livelihood_projects"
    )
    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveSmallIntegerField("序号")
    title = models.CharField("项目", max_length=200)
    department = models.ForeignKey(
        "core.ReportingBody", verbose_name="责任部门", null=True, blank=True, on_delete=models.RESTRICT,
        related_name="livelihood_projects",
    )
    committee = models.ForeignKey(
        "core.Committee", verbose_name="跟踪委员会", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="livelihood_projects",
    )

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "民生实事项目"
        verbose_name_plural = "民生实事项目"
        ordering = ["-year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "number"], name="livelihood_unique_number"),
        ]

    def __str__(self):
        return f"{self.year}-{self.number} {self.title}"

    def clean(self):
        """Run by the page's form and the API alike (full_clean): one project a number in the body's year (the
        database refuses a second too, but only once saving)."""
        if self.body_id is None or self.year is None or self.number is None:  # 0 is a number too
            return
        # The base manager: the rule is the body's, whatever scope is active.
        clash = type(self)._base_manager.filter(body_id=self.body_id, year=self.year, number=self.number)
        if clash.exclude(pk=self.pk).exists():
            raise ValidationError({"number": f"{self.year} 年已有第 {self.number} 项。"})


class LivelihoodProgress(models.Model):
    project = models.ForeignKey(LivelihoodProject, verbose_name="项目", on_delete=models.CASCADE, related_name="progress")
    reported_on = models.DateField("报告日期")
    percent = models.PositiveSmallIntegerField("完成进度（%）", default=0)
    text = models.TextField("进展情况", max_length=20000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL)

    objects = ScopedManager(body="project__body")

    class Meta:
        verbose_name = "民生实事进展"
        verbose_name_plural = "民生实事进展"
        ordering = ["project", "reported_on", "id"]


class Rectification(models.Model):
    """整改: from a review opinion, an evaluation result or an inspection; followed by a committee."""

    class Source(models.TextChoices):
        OPINION = "opinion", "审议意见"
        EVALUATION = "evaluation", "满意度测评"
        INSPECTION = "inspection", "执法检查"

    class Status(models.TextChoices):
        OPEN = "open", "整改中"
        CLOSED = "closed", "已完成"

    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE, related_name="rectifications")
    source = models.CharField("来源", max_length=12, choices=Source.choices)
    opinion = models.ForeignKey(
        ReviewOpinion, verbose_name="审议意见", null=True, blank=True, on_delete=models.CASCADE,
        related_name="rectifications",
    )
    evaluation_subject = models.ForeignKey(
        "supervision.EvaluationSubject", verbose_name="测评对象", null=True, blank=True, on_delete=models.CASCADE,
        related_name="rectifications",
    )
    inspection = models.ForeignKey(
        Inspection, verbose_name="执法检查", null=True, blank=True, on_delete=models.CASCADE,
        related_name="rectifications",
    )
    reporting_body = models.ForeignKey(
        "core.ReportingBody", verbose_name="整改单位", null=True, blank=True, on_delete=models.RESTRICT,
        related_name="rectifications",
    )
    committee = models.ForeignKey(
        "core.Committee", verbose_name="跟踪委员会", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="rectifications",
    )
    what = models.TextField("整改内容", max_length=20000)
    due_on = models.DateField("整改期限", null=True, blank=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField("完成日期", null=True, blank=True)
    # A 不满意 evaluation asks for a new report, which the office puts on a later agenda.
    needs_new_report = models.BooleanField("须再次报告", default=False)
    new_report_agenda_item = models.ForeignKey(
        "meetings.AgendaItem", verbose_name="再次报告的议题", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="rectification_reports",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "整改"
        verbose_name_plural = "整改"
        ordering = ["status", "due_on", "id"]

    def __str__(self):
        return self.what[:60]

    def is_overdue(self, day=None) -> bool:
        return self.status == self.Status.OPEN and self.due_on is not None and self.due_on < (day or timezone.localdate())


class RectificationNote(models.Model):
    rectification = models.ForeignKey(Rectification, verbose_name="整改", on_delete=models.CASCADE, related_name="notes")
    at = models.DateTimeField("时间", default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL)
    text = models.TextField("进展", max_length=20000)

    objects = ScopedManager(body="rectification__body")

    class Meta:
        verbose_name = "整改进展"
        verbose_name_plural = "整改进展"
        ordering = ["rectification", "at", "id"]
