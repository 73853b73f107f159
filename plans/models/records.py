"""What happened to items and plans after they were entered: edits, documents, adjustments."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from core.uploads import validate_upload
from plans.models.plans import AnnualPlan, PlanItem


class ItemEdit(models.Model):
    """An edit of an item's plain fields (progress, title, timing, committees...): who, when, from, to."""

    item = models.ForeignKey(PlanItem, verbose_name="事项", on_delete=models.CASCADE, related_name="edits")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField("时间", default=timezone.now)
    # {"field label": ["old", "new"], ...}, values as the user saw them
    changes = models.JSONField("修改内容", default=dict)
    note = models.TextField("说明", max_length=2000, blank=True)

    objects = ScopedManager(body="item__body")

    class Meta:
        verbose_name = "事项修改记录"
        verbose_name_plural = "事项修改记录"
        ordering = ["item", "at", "id"]

    def __str__(self):
        return f"{self.item_id} @ {self.at:%Y-%m-%d %H:%M}"


def item_document_path(document, filename):
    return f"items/{document.item.body_id}/{document.item_id}/{filename}"


class ItemDocument(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", "报告"
        MINUTES = "minutes", "会议记录"
        OPINION = "opinion", "审议意见"
        RESEARCH = "research", "调研报告"
        OTHER = "other", "其他"

    item = models.ForeignKey(PlanItem, verbose_name="事项", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.REPORT)
    title = models.CharField("标题", max_length=200)
    file = models.FileField("文件", upload_to=item_document_path, validators=[validate_upload])
    received_on = models.DateField("收到日期", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    objects = ScopedManager(body="item__body")

    class Meta:
        verbose_name = "事项文件"
        verbose_name_plural = "事项文件"
        ordering = ["item", "-uploaded_at"]

    def __str__(self):
        return self.title


class PlanAdjustment(models.Model):
    """A change to an adopted plan, with its reason; the adopted version stays in the plan's snapshot."""

    class Kind(models.TextChoices):
        MOVE = "move", "调整时间"
        ADD = "add", "增加事项"
        DROP = "drop", "取消事项"
        OTHER = "other", "其他调整"

    plan = models.ForeignKey(AnnualPlan, verbose_name="计划", on_delete=models.CASCADE, related_name="adjustments")
    item = models.ForeignKey(
        PlanItem, verbose_name="事项", null=True, blank=True, on_delete=models.SET_NULL, related_name="adjustments"
    )
    kind = models.CharField("调整类别", max_length=10, choices=Kind.choices)
    before = models.CharField("调整前", max_length=200, blank=True)
    after = models.CharField("调整后", max_length=200, blank=True)
    # A move's timing in full (plans.timing.TIMING_ATTRS: kind, months, quarter, note), before and after.
    timing_before = models.JSONField("调整前时间", default=dict, blank=True)
    timing_after = models.JSONField("调整后时间", default=dict, blank=True)
    reason = models.TextField("理由", max_length=2000)
    # The meeting that decided the change, chosen from the body's meetings (named by label: meetings sit above plans).
    decided_meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name="决定会议", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="plan_adjustments",
    )
    # What the plan page shows as the decision: the chosen meeting's name when it was taken (kept if the meeting
    # is deleted), or free text for a decision not taken at a recorded meeting and for rows older than the link.
    decided_at = models.CharField("决定方式", max_length=100, blank=True, help_text="如：书面征求主任会议成员意见")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField("时间", default=timezone.now)

    objects = ScopedManager(body="plan__body")

    class Meta:
        verbose_name = "计划调整"
        verbose_name_plural = "计划调整"
        ordering = ["plan", "at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.change_display}"

    @property
    def change_display(self) -> str:
        """调整时间：4-8月 → 10-11月; an added item has only an after."""
        return f"{self.before} → {self.after}" if self.before else self.after

