"""python manage.py load_demo: the Baiyun 2023 demo data and demo log-ins, for development only."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from core.models import Body, Committee, ReportingBody
from deputies.demo.accounts import portal_demo_lines
from meetings.models import AgendaItem, Meeting, MeetingKind
from plans.models import AnnualPlan, PlanEntry, PlanItem
from reports.demo import DEMO_PASSWORD, DEMO_USERS, FixtureError, demo_body_name, load_demo


class Command(BaseCommand):
    help = "载入演示数据（广州市白云区人大常委会 2023 年）和演示账号。仅在调试模式（DEBUG=true）下可用。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="演示数据已存在时不报错，直接跳过（供 make run 重复执行）"
        )

    def handle(self, *args, **options):
        # Demo accounts share a published password: never let them into a production database.
        if not settings.DEBUG:
            raise CommandError("演示数据只能在调试模式下载入（设置 DEBUG=true）；生产环境不得载入演示账号。")
        name = demo_body_name()
        if Body.objects.filter(name=name).exists():
            if options["if_empty"]:
                self.stdout.write(f"演示数据已存在（{name}），跳过载入。")
                return
            raise CommandError(f"演示数据已存在（{name}），不重复载入。如需重新载入，请先清空数据库。")
        try:
            body = load_demo()
        except FixtureError as e:
            raise CommandError(f"演示数据有误，未载入任何数据：{e}") from e
        self.print_summary(body)

    def print_summary(self, body):
        with scopes_disabled():
            meetings = Meeting.objects.filter(body=body)
            counts = {
                "committees": Committee.objects.filter(body=body).count(),
                "reporting": ReportingBody.objects.filter(body=body).count(),
                "standing": meetings.filter(kind=MeetingKind.STANDING).count(),
                "chairpersons": meetings.filter(kind=MeetingKind.CHAIRPERSONS).count(),
                "agenda": AgendaItem.objects.filter(meeting__body=body).count(),
                "plans": AnnualPlan.objects.filter(body=body).count(),
                "items": PlanItem.objects.filter(body=body).count(),
                "entries": PlanEntry.objects.filter(plan__body=body).count(),
            }
        out = self.stdout
        out.write(self.style.SUCCESS(f"已载入演示数据：{body.name}"))
        out.write(f"  委员会 {counts['committees']} 个，报告单位 {counts['reporting']} 个")
        out.write(
            f"  常委会会议 {counts['standing']} 次，主任会议 {counts['chairpersons']} 次，议题 {counts['agenda']} 项"
        )
        out.write(f"  年度计划 {counts['plans']} 份，计划事项 {counts['items']} 项（计划条目 {counts['entries']} 条）")
        out.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, first_name, role, _superuser, committee in DEMO_USERS:
            where = f"，{committee[0]}负责人" if committee else ""
            out.write(f"  {username:<14}{first_name}（{role}{where}）")

        for line in portal_demo_lines():
            out.write(line)
