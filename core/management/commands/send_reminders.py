"""Run the day's reminders without a Celery worker (make run has no Redis), or see what they would be.

    python manage.py send_reminders                       # today: notify, then e-mail
    python manage.py send_reminders --date 2023-04-25 --dry-run   # list what that day would send
"""

import argparse
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.models import Notification
from core.reminders import COLLECTORS, run_day


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为 YYYY-MM-DD 格式的有效日期，收到 {text!r}") from None


class Command(BaseCommand):
    help = "发送某日的提醒（站内通知和邮件）；--dry-run 只列出将要发送的提醒。"

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_day, help="按这一天计算（YYYY-MM-DD，默认今天）")
        parser.add_argument("--dry-run", action="store_true", help="只列出，不生成通知、不发邮件")
        parser.add_argument("--body", type=int, action="append", help="只处理这个人大常委会（id，可重复）")
        parser.add_argument("--kind", action="append", choices=sorted(str(kind) for kind in COLLECTORS),
                            help="只处理这一类提醒（可重复）")
        parser.add_argument("--no-email", action="store_true", help="生成站内通知，但这次不发邮件")

    def handle(self, *args, **options):
        from django.contrib.auth import get_user_model

        from core.models import Body

        day = options["date"] or timezone.localdate()
        missing = sorted(set(options["body"] or []) - set(Body.objects.values_list("pk", flat=True)))
        if missing:
            raise CommandError(f"没有 id 为 {'、'.join(map(str, missing))} 的人大常委会。")
        report = run_day(day, dry_run=options["dry_run"], body_ids=options["body"], kinds=options["kind"])
        names = dict(get_user_model().objects.values_list("pk", "username"))
        reasons = dict(Notification.Reason.choices)
        kinds = dict(Notification.Kind.choices)
        verb = "将发送" if options["dry_run"] else "已生成"
        for run in report.bodies:
            if not run.new and not run.already:
                continue
            self.stdout.write(f"== {run.body.name} · {day:%Y-%m-%d}：{verb} {len(run.new)} 条，"
                              f"此前已发送 {run.already} 条")
            for due in run.new:
                self.stdout.write(f"  [{kinds[due.kind]}] {names.get(due.recipient_id, due.recipient_id)}"
                                  f"（{reasons[due.reason]}）{due.title}")
        self.stdout.write(f"合计：{verb} {report.created} 条，此前已发送 {report.already} 条。")
        if options["dry_run"] or options["no_email"]:
            return
        from core.reminder_mail import deliver_pending

        delivered = deliver_pending()
        self.stdout.write(f"邮件：{delivered.sent} 条提醒发出 {delivered.messages} 封邮件，"
                          f"待重试 {delivered.retrying} 条，失败 {delivered.failed} 条。")
