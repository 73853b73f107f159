"""The secret links of the calendar feeds (reports/calendars/): one per user, or per committee.

The secret in the link is the credential (calendar programs do not log in): renewing it gives a new
one and the old link answers 404 at once. The feed itself is built by reports/calendars/feeds.py.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    class Kind(models.TextChoices):
        PERSONAL = "personal", "个人日历"
        COMMITTEE = "committee", "委员会日历"

    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE,
                             related_name="calendar_feeds")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    # Every link is someone's: a committee's feed too is one member's own link to it, so the feed can ask at
    # each request whether that person still may read it (active, still of the body and the committee), and
    # renewing it changes no one else's link.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                             related_name="calendar_feeds")
    committee = models.ForeignKey("core.Committee", verbose_name="委员会", null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="calendar_feeds")
    secret = models.CharField("链接密钥", max_length=64, unique=True, default=new_secret)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    renewed_at = models.DateTimeField("重新生成时间", null=True, blank=True)

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "日历订阅"
        verbose_name_plural = "日历订阅"
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=models.Q(kind="personal"),
                                    name="calendar_feed_one_personal_per_user"),
            models.UniqueConstraint(fields=["user", "committee"], condition=models.Q(kind="committee"),
                                    name="calendar_feed_one_per_user_and_committee"),
            models.CheckConstraint(
                condition=(models.Q(kind="personal", committee__isnull=True)
                           | models.Q(kind="committee", committee__isnull=False)),
                name="calendar_feed_owner_matches_kind",
            ),
        ]

    def __str__(self):
        who = self.user.get_full_name() or self.user.username
        if self.kind == self.Kind.COMMITTEE:
            return f"{who}的{self.committee}日历"
        return f"{who}的个人日历"

    def renew(self) -> None:
        """A new secret: the old link stops working at once."""
        self.secret = new_secret()
        self.renewed_at = timezone.now()
        self.save(update_fields=["secret", "renewed_at"])
