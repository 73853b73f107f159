"""Which imported entries are principles or aims rather than tasks (PlanItem.is_principle).

工作要点 and 代表工作计划 open with paragraphs such as 始终坚持党的全面领导 or 加强人大机关建设: the plan states them,
nobody can finish them by a date. Both imports (the Word text and the workbook) mark a new matter as such when it
has nothing a task has and its title reads as a principle or an aim:

- no timing: 全年 or none at all, without a note saying when it will be set ("根据区政府的提请而定" is a task
  waiting for its date);
- no committee to lead or help it, no meeting to go to, no reporting body;
- no form of supervision: only 自身建设, 代表工作 or 其他;
- a title that states a principle or an aim: it opens with 坚持, 加强, 推动, 围绕, 提高 … or speaks of 精神, 思想,
  原则, 领导.

The matters such a paragraph names (工作要点 6: "听取和审议区政府关于……的报告") are other plans' matters, listed
beside it and tracked by their own status; they are never marked. The office can change the mark on the item.
Only a matter the import creates is marked: one it links to or updates keeps what it has.
"""

from plans.models import SupervisionForm
from plans.timing import TimingKind

# Forms that are no form of supervision: an entry of these forms may be a principle.
NOT_SUPERVISION = {SupervisionForm.SELF_BUILDING, SupervisionForm.DEPUTY_WORK, SupervisionForm.OTHER}
# How the titles of principles and aims open in 工作要点 and 代表工作计划.
AIM_OPENINGS = (
    "始终坚持", "坚持", "深入学习", "全面学习", "学习贯彻", "学习宣传", "贯彻落实", "维护", "增强", "提高", "提升",
    "加强", "强化", "推动", "推进", "围绕", "继续", "深化", "优化", "完善", "健全", "保障", "充分发挥", "积极", "发挥",
    "全面", "巩固", "持续", "构建", "服务", "扎实", "高质量", "确保", "落实", "组织代表",
)
# Words that make a title a principle wherever they stand.
PRINCIPLE_WORDS = ("精神", "思想", "原则", "领导", "政治方向")


def title_reads_as_principle(title: str) -> bool:
    title = (title or "").strip()
    return title.startswith(AIM_OPENINGS) or any(word in title for word in PRINCIPLE_WORDS)


def reads_as_principle(*, title, form, extra_forms=(), timing_kind, timing_note="", leads=(), helpers=(),
                       all_committees_help=False, to_standing_meeting=False, to_chairpersons_meeting=False,
                       reporting_bodies=()) -> bool:
    """Whether a new entry with these values is a principle or an aim, not a task (see the module's rules)."""
    if timing_kind not in (TimingKind.YEAR, TimingKind.UNDETERMINED) or (timing_note or "").strip():
        return False
    if leads or helpers or all_committees_help or to_standing_meeting or to_chairpersons_meeting or reporting_bodies:
        return False
    if any(f not in NOT_SUPERVISION for f in (form, *(extra_forms or ()))):
        return False
    return title_reads_as_principle(title)


def item_reads_as_principle(item, *, leads=(), helpers=(), reporting_bodies=()) -> bool:
    """reads_as_principle for a matter about to be created (its fields set, its relations not yet saved)."""
    return reads_as_principle(
        title=item.title, form=item.form, extra_forms=item.extra_forms, timing_kind=item.timing_kind,
        timing_note=item.timing_note, leads=leads, helpers=helpers, all_committees_help=item.all_committees_help,
        to_standing_meeting=item.to_standing_meeting, to_chairpersons_meeting=item.to_chairpersons_meeting,
        reporting_bodies=reporting_bodies,
    )
