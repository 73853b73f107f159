"""Marks the principles and aims already stored as such (PlanItem.is_principle, added by 0015).

0015 added the mark and the imports set it on the matters they create (plans.imports.principles), but the
matters a body imported before stayed unmarked: 始终坚持党的全面领导 and the like counted as overdue tasks. This
applies the imports' rule once to every unmarked matter.

The rule is copied here as it stands, not imported: plans.imports.principles imports the app's models and may
change later, and a migration must do the same thing whenever it runs. The copy keeps only what it needs:

- no timing (全年 or none) and no 时间说明;
- no committee leads or helps it (nor 各工委), it goes to no meeting, and it has no reporting body;
- its forms are only 自身建设, 代表工作 or 其他;
- its title opens as a principle or an aim does (坚持, 加强, 推动 …) or speaks of 精神, 思想, 原则, 领导;

and, because a matter the office has already tracked is work it treats as a task, only matters not started
with no progress. Going back leaves the marks (the office may have set some by hand since).
"""

from django.db import migrations
from django.db.models import Count

# As plans.imports.principles had them when this migration was written.
NOT_SUPERVISION = {"self_building", "deputy_work", "other"}
NO_TIMING = {"year", "undetermined"}
AIM_OPENINGS = (
    "始终坚持", "坚持", "深入学习", "全面学习", "学习贯彻", "学习宣传", "贯彻落实", "维护", "增强", "提高", "提升",
    "加强", "强化", "推动", "推进", "围绕", "继续", "深化", "优化", "完善", "健全", "保障", "充分发挥", "积极", "发挥",
    "全面", "巩固", "持续", "构建", "服务", "扎实", "高质量", "确保", "落实", "组织代表",
)
PRINCIPLE_WORDS = ("精神", "思想", "原则", "领导", "政治方向")


def title_reads_as_principle(title: str) -> bool:
    title = (title or "").strip()
    return title.startswith(AIM_OPENINGS) or any(word in title for word in PRINCIPLE_WORDS)


def mark_principles(apps, schema_editor):
    PlanItem = apps.get_model("plans", "PlanItem")
    candidates = (
        PlanItem.objects.filter(is_principle=False, status="not_started", progress=0, timing_kind__in=NO_TIMING,
                                timing_note="", all_committees_help=False, to_standing_meeting=False,
                                to_chairpersons_meeting=False, form__in=NOT_SUPERVISION)
        .annotate(committee_count=Count("responsibilities", distinct=True),
                  body_count=Count("reporting_bodies", distinct=True))
        .filter(committee_count=0, body_count=0)
        .only("id", "title", "extra_forms")
    )
    marked = [item.pk for item in candidates.iterator()
              if all(f in NOT_SUPERVISION for f in (item.extra_forms or ())) and title_reads_as_principle(item.title)]
    for start in range(0, len(marked), 500):
        PlanItem.objects.filter(pk__in=marked[start:start + 500]).update(is_principle=True)


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0016_units_as_written"),
    ]

    operations = [
        migrations.RunPython(mark_principles, migrations.RunPython.noop),
    ]
