"""The materials deadline ladder of an agenda item that hears a report."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from core.uploads import validate_upload
from meetings.models.meetings import AgendaItem


class MaterialStep(models.Model):
    class Step(models.TextChoices):
        RESEARCH_START = "research_start", "开展调研/检查"
        FINDINGS = "findings", "调研意见送报告单位"
        REPORT_DRAFT = "report_draft", "报告稿送工委征求意见"
        COMMITTEE_ANSWER = "committee_answer", "工委反馈修改意见"
        REVISED_REPORT = "revised_report", "修改稿报常委会"
        MATERIALS = "materials", "会议材料送达组成人员"

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name="议题", on_delete=models.CASCADE, related_name="material_steps"
    )
    step = models.CharField("环节", max_length=20, choices=Step.choices)
    due = models.DateField("截止日期")
    done_on = models.DateField("完成日期", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.CharField("说明", max_length=200, blank=True)
    document = models.FileField("文件", upload_to="materials/%Y/", blank=True, validators=[validate_upload])
    recorded_at = models.DateTimeField("登记时间", null=True, blank=True)

    objects = ScopedManager(body="agenda_item__meeting__body")

    class Meta:
        db_table = "plans_materialstep"  # kept from before the move to this app: no table is renamed
        verbose_name = "材料报送环节"
        verbose_name_plural = "材料报送环节"
        ordering = ["agenda_item", "due", "id"]
        constraints = [models.UniqueConstraint(fields=["agenda_item", "step"], name="material_step_unique")]

    def __str__(self):
        return f"{self.get_step_display()}（{self.due}）"

    def is_overdue(self, day=None) -> bool:
        return self.done_on is None and self.due < (day or timezone.localdate())
