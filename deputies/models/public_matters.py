"""Matters residents leave at a liaison station's public page (码上见代表 / 随手拍) and their timeline.

A resident scans a station's (or a deputy's) QR code, leaves a matter without an account and gets a receipt code
(回执码) to follow it. The code is stored only as a keyed hash (HMAC-SHA256 with SECRET_KEY, deputies.public_matters
.codes): the resident alone can follow the matter and rate its answer, nobody on the staff can read the code back
from the database or rate on a resident's behalf, and a stolen database dump without the key cannot be searched for
codes. The resident's name and phone are for the staff only: no public page ever shows them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

TEXT_MAX = 1000
PLACE_MAX = 100
MAX_PHOTOS = 3


class PublicMatter(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "待处理"
        REPLIED = "replied", "已答复"
        FORWARDED = "forwarded", "已转为代表建议"
        PASSED_ON = "passed_on", "已转交镇街办理"
        CLOSED = "closed", "已办结"

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        BASICALLY = "basically", "基本满意"
        UNSATISFIED = "unsatisfied", "不满意"

    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE,
                             related_name="public_matters")
    station = models.ForeignKey("deputies.Station", verbose_name="联络站", on_delete=models.CASCADE,
                                related_name="public_matters")
    deputy = models.ForeignKey("deputies.Deputy", verbose_name="反映给代表", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="public_matters")
    text = models.TextField("反映的事项", max_length=TEXT_MAX)
    place = models.CharField("地点", max_length=PLACE_MAX, blank=True)
    name = models.CharField("称呼", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    code_hash = models.CharField("回执码（摘要）", max_length=64, unique=True, editable=False)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.NEW)
    answer = models.TextField("答复", max_length=2000, blank=True, help_text="群众凭回执码可见；公开时一并公开")
    answered_at = models.DateTimeField("首次答复时间", null=True, blank=True)
    passed_to = models.CharField("转交单位", max_length=100, blank=True)
    suggestion = models.ForeignKey("deputies.Suggestion", verbose_name="转为代表建议", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="public_matters")
    rating = models.CharField("群众评价", max_length=12, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    is_public = models.BooleanField("在联络站页面公开", default=False,
                                    help_text="公开事项摘要和答复，不公开姓名、电话、照片")
    # Hashes of the sender's address and device cookie, for the hourly limit only (never shown).
    sender_ip = models.CharField(max_length=64, blank=True, editable=False)
    sender_device = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField("反映时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    is_example = models.BooleanField("示例数据", default=False)

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "群众反映事项"
        verbose_name_plural = "群众反映事项"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["body", "status"]), models.Index(fields=["sender_ip", "created_at"]),
                   models.Index(fields=["sender_device", "created_at"])]

    def __str__(self):
        return f"{self.reference} {self.excerpt}"

    @property
    def reference(self) -> str:
        """How staff and the resident name it (not the receipt code): 随手拍第N号."""
        return f"随手拍第{self.pk}号"

    @property
    def excerpt(self) -> str:
        first = (self.text or "").strip().splitlines()[0] if (self.text or "").strip() else ""
        return first[:30] + ("…" if len(first) > 30 or "\n" in (self.text or "").strip() else "")

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.NEW


class MatterPhoto(models.Model):
    matter = models.ForeignKey(PublicMatter, verbose_name="事项", on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("照片", upload_to="public-matters/%Y/%m/")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(body="matter__body")

    class Meta:
        verbose_name = "事项照片"
        verbose_name_plural = "事项照片"
        ordering = ["id"]


class MatterStep(models.Model):
    """One step on a matter's timeline: who, when, what."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "群众反映"
        REPLIED = "replied", "答复"
        FORWARDED = "forwarded", "转为代表建议"
        PASSED_ON = "passed_on", "转交镇街"
        CLOSED = "closed", "办结"
        RATED = "rated", "群众评价"
        PUBLISHED = "published", "公开"
        UNPUBLISHED = "unpublished", "取消公开"

    matter = models.ForeignKey(PublicMatter, verbose_name="事项", on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField("环节", max_length=12, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    by_label = models.CharField("操作人（显示）", max_length=60, blank=True)
    at = models.DateTimeField("时间", default=timezone.now)
    text = models.TextField("内容", max_length=2000, blank=True)

    objects = ScopedManager(body="matter__body")

    class Meta:
        verbose_name = "事项办理环节"
        verbose_name_plural = "事项办理环节"
        ordering = ["at", "id"]
