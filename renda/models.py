"""Shared records: background jobs with visible progress (imports, exports, reminders)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager


def job_file_path(job, filename):
    return f"jobs/{job.body_id}/{job.kind}/{filename}"


class BackgroundJob(models.Model):
    """Long work run by Celery; the page polls it for progress and the result."""

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    body = models.ForeignKey("plans.Body", verbose_name="人大常委会", on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField("类别", max_length=40)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    message = models.TextField("信息", blank=True)
    params = models.JSONField("参数", default=dict, blank=True)
    result = models.JSONField("结果", default=dict, blank=True)
    input_file = models.FileField("上传文件", upload_to=job_file_path, blank=True)
    output_file = models.FileField("生成文件", upload_to=job_file_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} #{self.pk} {self.get_status_display()}"

    @property
    def percent(self) -> int:
        return int(100 * self.progress / self.total) if self.total else (100 if self.status == self.Status.DONE else 0)


class AccountSetup(models.Model):
    """How an account the office created was handed over, and whether its password must still change.

    Accounts for deputies and units' contacts start with a one-time link or an initial password;
    until the person sets their own password, every page sends them to the password form.
    """

    class Method(models.TextChoices):
        LINK = "link", "一次性链接"
        PASSWORD = "password", "初始密码"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                                related_name="account_setup")
    method = models.CharField("发放方式", max_length=10, choices=Method.choices)
    must_change_password = models.BooleanField("首次登录须修改密码", default=True)
    issued_at = models.DateTimeField("发放时间", default=timezone.now)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发放人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    password_set_at = models.DateTimeField("设置密码时间", null=True, blank=True)

    class Meta:
        verbose_name = "账号发放"
        verbose_name_plural = "账号发放"

    def __str__(self):
        return f"{self.user} · {self.get_method_display()}"
