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

    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField("类别", max_length=40)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    message = models.TextField("信息", max_length=2000, blank=True)
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
        db_table = "renda_backgroundjob"  # kept from before the move to this app: no table is renamed
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
        db_table = "renda_accountsetup"  # kept from before the move to this app: no table is renamed
        verbose_name = "账号发放"
        verbose_name_plural = "账号发放"

    def __str__(self):
        return f"{self.user} · {self.get_method_display()}"


class Notification(models.Model):
    """One reminder to one person, in the app and (unless they turned it off) by e-mail.

    The row is also the claim that makes a reminder go out once: it is unique per (subject, step,
    recipient, reason), and it is inserted before anything is sent. A run that repeats, runs late
    or is killed half way inserts only what is missing, and e-mail goes out only for rows whose
    e-mail is still pending (see core/reminders.py and core/reminder_mail.py).
    """

    class Kind(models.TextChoices):
        MATERIALS = "materials", "会议材料报送"
        PLAN_START = "plan_start", "计划事项下月启动"
        AGENDA = "agenda", "会议议程未确定"
        SUGGESTION_REPLY = "suggestion_reply", "建议答复期限"
        SUGGESTION_SIGN = "suggestion_sign", "建议未按期签收"
        SUGGESTION_FEEDBACK = "suggestion_feedback", "答复待反馈"
        UNSATISFIED_REPORT = "unsatisfied_report", "不满意情况专项报告期限"
        PUBLIC_MATTER = "public_matter", "群众反映待答复"
        OPINION_RESPONSE = "opinion_response", "审议意见反馈期限"
        RECTIFICATION = "rectification", "整改期限"
        DIGEST = "digest", "每周工作提示"

    class Reason(models.TextChoices):
        COMMITTEE = "committee", "负责工委"
        OFFICE = "office", "常委会办公室"
        UNIT = "unit", "承办单位"
        SUPERVISING = "supervising", "督办工委"
        DEPUTY = "deputy", "领衔代表"
        RESPONDING = "responding", "报告单位"
        FOLLOWING = "following", "跟踪工委"
        DIRECTOR = "director", "主任会议成员"
        SUBSCRIBER = "subscriber", "订阅周报"

    class Email(models.TextChoices):
        PENDING = "pending", "待发送"
        SENDING = "sending", "发送中"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"
        OFF = "off", "不发邮件"

    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE,
                             related_name="notifications")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE,
                                  related_name="notifications")
    kind = models.CharField("类别", max_length=30, choices=Kind.choices)
    subject = models.CharField("事项", max_length=60, help_text="如 materialstep:12")
    step = models.CharField("提醒节点", max_length=20, help_text="如 before-7、overdue、2023-W17")
    reason = models.CharField("提醒原因", max_length=20, choices=Reason.choices)
    day = models.DateField("提醒日期")
    due_on = models.DateField("期限", null=True, blank=True)
    title = models.CharField("标题", max_length=200)
    text = models.TextField("内容", max_length=20000, blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("生成时间", default=timezone.now)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    email_state = models.CharField("邮件", max_length=10, choices=Email.choices, default=Email.PENDING)
    email_attempts = models.PositiveSmallIntegerField("发送次数", default=0)
    email_next_at = models.DateTimeField("下次发送", null=True, blank=True)
    email_sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    email_error = models.TextField("发送错误", max_length=2000, blank=True)

    class Meta:
        db_table = "renda_notification"  # kept from before the move to this app: no table is renamed
        verbose_name = "提醒"
        verbose_name_plural = "提醒"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "step", "recipient", "reason"], name="notification_once")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["email_state", "email_next_at"]),
            models.Index(fields=["body", "created_at"]),
        ]

    def __str__(self):
        return f"{self.recipient} · {self.title}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """How a person wants reminders: e-mail on or off, and the weekly digest."""

    class Digest(models.TextChoices):
        DEFAULT = "", "按角色（主任会议成员接收）"
        WEEKLY = "weekly", "每周接收"
        NONE = "none", "不接收"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                                related_name="notification_preference")
    email_enabled = models.BooleanField("同时发送邮件", default=True)
    digest = models.CharField("每周工作提示", max_length=10, choices=Digest.choices, blank=True, default="")

    class Meta:
        db_table = "renda_notificationpreference"  # kept from before the move to this app: no table is renamed
        verbose_name = "提醒设置"
        verbose_name_plural = "提醒设置"

    def __str__(self):
        return f"{self.user} · 邮件{'开' if self.email_enabled else '关'}"


class ApiToken(models.Model):
    """A key for the API, issued by a body's administrator to one of its users, for work in that body.

    Only the key's SHA-256 digest is kept (and its first characters, to tell keys apart on the page):
    the key itself is shown once when issued (core/api_tokens.py).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                             related_name="api_tokens")
    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField("用途", max_length=60)
    key_prefix = models.CharField("密钥开头", max_length=8)
    key_digest = models.CharField("密钥摘要", max_length=64, unique=True, db_index=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("作废时间", null=True, blank=True)

    objects = ScopedManager(body="body")
    # Authentication looks a key up before any body is known.
    unscoped = models.Manager()

    class Meta:
        db_table = "renda_apitoken"  # kept from before the move to this app: no table is renamed
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name}（{self.key_prefix}…）"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
