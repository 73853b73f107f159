"""E-mail for notifications: each person gets one message listing their new reminders.

A notification's e-mail is claimed (pending -> sending, with a lease) before it is sent and marked
sent right after, so two workers never send the same one. A run killed between the two leaves the
row "sending"; once the lease has run out the next delivery takes it up again, so nothing is lost.
A failed send is retried with back-off (REMINDER_EMAIL_RETRY_MINUTES, doubling each time) until
REMINDER_EMAIL_MAX_ATTEMPTS, then marked failed with its error for the administrator to see.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from core.models import Notification

E = Notification.Email
BATCH = 200  # recipients per claim


@dataclass
class Delivery:
    sent: int = 0  # reminders e-mailed
    messages: int = 0  # e-mails (one per person and delivery, listing their reminders)
    retrying: int = 0
    failed: int = 0

    def as_dict(self) -> dict:
        return {"sent": self.sent, "messages": self.messages, "retrying": self.retrying, "failed": self.failed}


def _lease() -> timedelta:
    """How long a claimed e-mail stays with its worker; after that another delivery may send it.
    Longer than sending one batch takes, or a slow worker's mail could be sent twice."""
    return timedelta(seconds=settings.REMINDERS["email_lease_seconds"])


def _ready(now) -> Q:
    due = Q(email_next_at__isnull=True) | Q(email_next_at__lte=now)
    return (Q(email_state=E.PENDING) & due) | Q(email_state=E.SENDING, email_next_at__lte=now)


def _claim(now) -> list[Notification]:
    """Claim whole people, not rows: all ready reminders of up to BATCH recipients, so each person
    gets one message per delivery however many reminders they have."""
    with transaction.atomic():
        people = list(
            Notification.objects.filter(_ready(now)).order_by("recipient_id").values_list("recipient_id", flat=True)
            .distinct()[:BATCH]
        )
        ids = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(_ready(now), recipient_id__in=people).order_by("pk").values_list("pk", flat=True)
        ) if people else []
        if ids:
            Notification.objects.filter(pk__in=ids).update(email_state=E.SENDING, email_next_at=now + _lease())
    return list(Notification.objects.filter(pk__in=ids).select_related("recipient", "body").order_by("pk"))


def _message(recipient, rows) -> EmailMessage:
    site = settings.SITE_URL
    lines = [f"{recipient.get_full_name() or recipient.username}：", "", f"您有 {len(rows)} 条新提醒：", ""]
    for n in rows:
        lines.append(f"· {n.title}")
        if n.text:
            lines.append(f"  {n.text.splitlines()[0][:120]}" if n.kind != Notification.Kind.DIGEST else n.text)
        if n.url:
            lines.append(f"  {site}{n.url}")
    lines += ["", f"全部提醒：{site}/notifications/", "不想收到邮件，可在“提醒设置”中关闭。"]
    body_name = rows[0].body.short_name or rows[0].body.name
    subject = rows[0].title if len(rows) == 1 else f"{len(rows)} 条新提醒：{rows[0].title}"
    return EmailMessage(f"【{body_name}】{subject}"[:150], "\n".join(lines), to=[recipient.email])


def deliver_pending(now=None) -> Delivery:
    """Send every claimable notification e-mail, batch by batch; returns the counts."""
    result = Delivery()
    cfg = settings.REMINDERS
    now = now or timezone.now()
    while True:
        # A row that fails now is due again only later than `now`, so the loop ends.
        rows = _claim(now)
        if not rows:
            return result
        by_recipient = defaultdict(list)
        for n in rows:
            by_recipient[n.recipient].append(n)
        unsent = {n.pk for n in rows}
        try:
            connection = get_connection(fail_silently=False)
            for recipient, mine in by_recipient.items():
                ids = [n.pk for n in mine]
                try:
                    connection.send_messages([_message(recipient, mine)])
                except SoftTimeLimitExceeded:
                    raise  # out of time, not a failed send: handled below
                except Exception as error:  # noqa: BLE001 - any failure is recorded and retried
                    _failed(mine, error, cfg, now, result)
                else:
                    Notification.objects.filter(pk__in=ids).update(
                        email_state=E.SENT, email_sent_at=timezone.now(), email_next_at=None, email_error="",
                        email_attempts=F("email_attempts") + 1,
                    )
                    result.sent += len(ids)
                    result.messages += 1
                unsent.difference_update(ids)
        except BaseException:
            # Stopped half way (time limit, shutdown): what was claimed but not sent goes back to pending.
            Notification.objects.filter(pk__in=unsent, email_state=E.SENDING).update(
                email_state=E.PENDING, email_next_at=None
            )
            raise


def explain(error) -> str:
    """The failure in words for the administrator, with the technical detail after it."""
    import smtplib

    if isinstance(error, smtplib.SMTPAuthenticationError):
        words = "邮件服务器拒绝登录，请检查 EMAIL_HOST_USER / EMAIL_HOST_PASSWORD"
    elif isinstance(error, smtplib.SMTPRecipientsRefused):
        words = "收件地址被邮件服务器拒收，请检查该用户的邮箱"
    elif isinstance(error, (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError)):
        words = "无法连接邮件服务器，请检查 EMAIL_HOST / EMAIL_PORT 和网络"
    elif isinstance(error, OSError):
        words = "连接邮件服务器出错"
    else:
        words = "发送失败"
    return f"{words}（{type(error).__name__}: {error}）"[:1000]


def _failed(rows, error, cfg, now, result) -> None:
    message = explain(error)
    for n in rows:
        n.email_attempts += 1
        n.email_error = message
        if n.email_attempts >= cfg["email_max_attempts"]:
            n.email_state, n.email_next_at = E.FAILED, None
            result.failed += 1
        else:
            wait = timedelta(minutes=cfg["email_retry_minutes"] * 2 ** (n.email_attempts - 1))
            n.email_state, n.email_next_at = E.PENDING, now + wait
            result.retrying += 1
    Notification.objects.bulk_update(rows, ["email_attempts", "email_error", "email_state", "email_next_at"])


def retry_failed(queryset) -> int:
    """The administrator sends failed e-mails again: back to pending, attempts counted afresh."""
    return queryset.filter(email_state=E.FAILED).update(
        email_state=E.PENDING, email_attempts=0, email_next_at=None, email_error=""
    )
