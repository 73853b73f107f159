"""The example duty record of 2023 (代表履职登记与积分), so the overview (/deputies/duty/?year=2023) and a deputy's
Word report show from a fresh clone:

- attendance at 区十七届人大三次会议: every deputy serving then present, a few on leave (请假), two absent;
- each 2023 inspection (执法检查) joined by a few deputies of the roster;
- declared activities of 2023 in every state: approved (已认定), waiting for the office (待审核) and returned with a
  reason (已退回); deputy-demo has one of each, so their portal shows the three.
Called by deputies/demo/accounts.py once deputy-demo is linked; all rows are is_example (the inspections' deputies
are example links on example inspections).
"""

import random
from datetime import date, datetime, time

from django.core.files.base import ContentFile
from django.utils import timezone

from deputies.models import (
    CongressSession,
    DeclaredActivity,
    DeclaredActivityEvent,
    Deputy,
    SessionAttendance,
)
from supervision.models import Inspection

SEED = 2323
PROOF = b"%PDF-1.4\n% renda example proof\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# (kind, title, month, day, state, return reason)
DECLARED = [
    ("voters_report", "向原选区选民述职（示例）", 11, 20, "approved", ""),
    ("theme", "参加“代表进社区”主题活动（示例）", 6, 15, "submitted", ""),
    ("other", "参与村（居）民议事会（示例）", 9, 8, "returned", "未附签到表或照片，请补充后重新提交。"),
    ("training", "参加市人大代表履职学习班（示例）", 4, 12, "approved", ""),
    ("theme", "参加“民法典进万家”宣传活动（示例）", 5, 20, "approved", ""),
    ("other", "走访辖区困难群众（示例）", 8, 2, "approved", ""),
    ("voters_report", "向选民报告履职情况（示例）", 12, 1, "submitted", ""),
    ("training", "参加线上学习（示例）", 7, 3, "returned", "请写明培训主办单位和学时。"),
    ("theme", "参加人居环境整治主题活动（示例）", 10, 10, "approved", ""),
]


def _at(day: date, hour: int):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def load_duty_demo(body, demo_deputy, office) -> None:
    if DeclaredActivity.objects.filter(body=body, is_example=True).exists():
        return
    rng = random.Random(SEED)
    serving = list(Deputy.objects.filter(body=body, status=Deputy.Status.SERVING).order_by("pk"))
    if not serving:
        return
    session = CongressSession.objects.filter(body=body, start_on__year=2023).order_by("start_on").first()
    if session is not None:
        away = rng.sample([d for d in serving if d != demo_deputy], min(7, len(serving) - 1))
        status = {d.pk: "leave" for d in away[:5]} | {d.pk: "absent" for d in away[5:]}
        SessionAttendance.objects.bulk_create([
            SessionAttendance(body=body, session=session, deputy=d, status=status.get(d.pk, "present"),
                              created_by=office, created_at=_at(session.start_on, 18), is_example=True)
            for d in serving])
    for inspection in Inspection.objects.filter(body=body, year=2023).order_by("pk"):
        chosen = rng.sample(serving, min(4, len(serving)))
        if demo_deputy is not None and inspection.pk % 2 == 0:
            chosen = [demo_deputy, *[d for d in chosen if d != demo_deputy][:3]]
        inspection.deputies.set(chosen)
    others = [d for d in serving if d != demo_deputy]
    for n, (kind, title, month, day, state, reason) in enumerate(DECLARED):
        deputy = demo_deputy if n < 3 and demo_deputy is not None else others[(n * 7) % len(others)]
        held_on = date(2023, month, day)
        activity = DeclaredActivity(body=body, deputy=deputy, kind=kind, held_on=held_on, title=title,
                                    text=f"{title.removesuffix('（示例）')}，做好记录并向选民通报。",
                                    status=state, return_reason=reason, created_by=deputy.user,
                                    created_at=_at(held_on, 20), is_example=True)
        activity.proof.save(f"proof-{n + 1}.pdf", ContentFile(PROOF), save=False)
        if state != "submitted":
            activity.decided_on, activity.decided_by, activity.version = held_on.replace(day=min(day + 3, 28)), office, 2
        activity.save()
        events = [DeclaredActivityEvent(activity=activity, kind="submitted", at=_at(held_on, 20), by=deputy.user,
                                        text=f"{activity.get_kind_display()}：{title}")]
        if state != "submitted":
            events.append(DeclaredActivityEvent(activity=activity, kind=state, at=_at(activity.decided_on, 10),
                                                by=office, text=reason))
        DeclaredActivityEvent.objects.bulk_create(events)
