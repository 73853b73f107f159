"""The counts of a body's year, each with its definition and the rows behind it.

The dashboard (reports/dashboard.py) and the year-end summary (reports/summary.py) read the same
counts from here, so a number means the same wherever it shows, and each can be opened as the
list of what it counts (`/summary/<year>/<key>/`). Every count is one query (a COUNT or a SUM);
its rows are another.

A held meeting is one with status 已召开 in the year. "Heard" agenda items are those of held
standing-committee meetings, not withdrawn.

What the year planned (`planned`) is read from every adopted plan of the year, a matter once
however many plans list it, by every form it carries (its main form and its other forms); the
principles and aims plans state (PlanItem.is_principle) are not planned work. Each planned figure
opens as the list of the matters it counts, each with what it adds (`planned_url`).
"""

from collections import Counter
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlencode

from django.db.models import Q, QuerySet, Sum
from django.urls import reverse

from deputies.models import Suggestion
from meetings.models import AgendaItem, Meeting, MeetingKind
from plans.filtersets import REPORT_FORMS, carries_any_form
from plans.models import AnnualPlan, PlanEntry, PlanItem, PlanItemStatus, PlanKind, SupervisionForm
from supervision.models import EvaluationSubject, Inspection

HEARING_FORMS = (AgendaItem.Form.HEAR_AND_REVIEW, AgendaItem.Form.HEAR, AgendaItem.Form.EXAMINE_APPROVE)
# Words of plan and budget reports; "审计" alone would also match a report listing 区审计局 among others.
BUDGET_WORDS = ("预算", "决算", "审计工作", "审计查出", "国民经济和社会发展计划", "国有资产管理")


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    unit: str  # 次 / 项 / 人次 / 件
    definition: str
    rows: Callable  # (body, year) -> QuerySet of what is counted
    total: Callable | None = None  # (queryset) -> int, when the count is not the number of rows


def _held(body, year, kind) -> QuerySet:
    return Meeting.objects.filter(body=body, year=year, kind=kind, status=Meeting.Status.HELD).order_by("date", "number")


def _heard(body, year) -> QuerySet:
    return (
        AgendaItem.objects.filter(meeting__body=body, meeting__year=year, meeting__kind=MeetingKind.STANDING,
                                  meeting__status=Meeting.Status.HELD)
        .exclude(outcome=AgendaItem.Outcome.WITHDRAWN)
        .select_related("meeting__term")
        .order_by("meeting__date", "meeting__number", "order")
    )


def _reports(body, year) -> QuerySet:
    return _heard(body, year).filter(form__in=HEARING_FORMS, title__contains="报告")


def _budget_reports(body, year) -> QuerySet:
    words = Q()
    for word in BUDGET_WORDS:
        words |= Q(title__contains=word)
    return _reports(body, year).filter(words | carries_any_form([SupervisionForm.FINANCE], "plan_items__")).distinct()


def _inspections(body, year) -> QuerySet:
    return Inspection.objects.filter(body=body, year=year).order_by("start_on", "pk")


def _evaluated(body, year) -> QuerySet:
    return (
        EvaluationSubject.objects.filter(evaluation__agenda_item__meeting__body=body,
                                         evaluation__agenda_item__meeting__year=year)
        .exclude(result="")
        .select_related("evaluation__agenda_item__meeting__term")
        .order_by("evaluation__held_on", "evaluation_id", "order")
    )


def _research(body, year) -> QuerySet:
    return PlanItem.objects.filter(carries_any_form([SupervisionForm.RESEARCH]), body=body, year=year,
                                   is_principle=False,
                                   status__in=(PlanItemStatus.DONE, PlanItemStatus.REVIEWED,
                                               PlanItemStatus.FOLLOW_UP)).order_by("due_month", "pk")


def _major_matters(body, year) -> QuerySet:
    return _heard(body, year).filter(carries_any_form([SupervisionForm.MAJOR_MATTER], "plan_items__")
                                     | Q(title__contains="重大事项") | Q(title__startswith="讨论决定")).distinct()


def _resolutions(body, year) -> QuerySet:
    return _heard(body, year).exclude(resolution_title="")


def _personnel(body, year) -> QuerySet:
    return _heard(body, year).filter(Q(appointments__gt=0) | Q(removals__gt=0))


def _person_times(rows) -> int:
    sums = rows.aggregate(a=Sum("appointments"), r=Sum("removals"))
    return (sums["a"] or 0) + (sums["r"] or 0)


def _suggestions(body, year, *, at_session: bool) -> QuerySet:
    return Suggestion.objects.filter(body=body, year=year, assigned_on__isnull=False,
                                     session__isnull=not at_session).order_by("number", "pk")


COUNTS = [
    Count("standing_meetings", "常委会会议", "次", "本年度已召开（状态为“已召开”）的常委会会议。",
          lambda b, y: _held(b, y, MeetingKind.STANDING)),
    Count("chairpersons_meetings", "主任会议", "次", "本年度已召开的主任会议。",
          lambda b, y: _held(b, y, MeetingKind.CHAIRPERSONS)),
    Count("reports", "听取和审议报告", "项",
          "已召开的常委会会议上，形式为听取和审议、听取或审查和批准，且议题名称含“报告”的议题（撤回的不计）。",
          _reports),
    Count("budget_reports", "计划、预算、决算和审计报告", "项",
          "上项中，议题名称含“预算”“决算”“审计工作”“审计查出”“国民经济和社会发展计划”“国有资产管理”，"
          "或所列计划事项为计划预算决算审计类的。",
          _budget_reports),
    Count("inspections", "执法检查", "次", "本年度登记的执法检查（监督 → 执法检查）。", _inspections),
    Count("inquiries", "专题询问", "次", "已召开的常委会会议上开展专题询问的议题。",
          lambda b, y: _heard(b, y).filter(has_inquiry=True)),
    Count("evaluations", "满意度测评", "项", "本年度会议上已得出结果的满意度测评对象（每个部门或项目计一项）。",
          _evaluated),
    Count("research", "专题调研", "项",
          "本年度计划中形式（含其他监督形式）为专题调研、状态为已审议、跟踪落实中或已完成的事项（原则、目标类条目不计）。",
          _research),
    Count("major_matters", "讨论决定重大事项", "项",
          "已召开的常委会会议上，所列计划事项为讨论决定重大事项，或议题名称以“讨论决定”开头、含“重大事项”的议题。",
          _major_matters),
    Count("resolutions", "作出决议、决定", "项", "已召开的常委会会议上登记了决议、决定名称的议题。", _resolutions),
    Count("personnel", "任免国家机关工作人员", "人次", "已召开的常委会会议上登记的任命和免职人次之和。",
          _personnel, _person_times),
    Count("suggestions_at_session", "交办大会期间代表建议（含议案）", "件", "本年度人代会期间提出、已交办的代表建议和议案。",
          lambda b, y: _suggestions(b, y, at_session=True)),
    Count("suggestions_between", "交办闭会期间代表建议", "件", "本年度闭会期间提出、已交办的代表建议。",
          lambda b, y: _suggestions(b, y, at_session=False)),
]
BY_KEY = {c.key: c for c in COUNTS}

# How each count's rows reach the committees responsible, for a committee member's dashboard.
COMMITTEE_LOOKUPS = {
    "reports": "committees__in", "budget_reports": "committees__in", "inquiries": "committees__in",
    "major_matters": "committees__in", "resolutions": "committees__in", "personnel": "committees__in",
    # A department's evaluation is its liaison committee's; a livelihood project's, its following committee's.
    "evaluations": lambda c: Q(reporting_body__liaison_committee__in=c) | Q(livelihood_project__committee__in=c),
    "inspections": "plan_item__responsibilities__committee__in",
    "research": "responsibilities__committee__in",
}


def rows_for(count: Count, body, year, committees=None):
    """The rows a count counts; with `committees` (ids), only those of these committees' work."""
    rows = count.rows(body, year)
    if committees is not None and count.key in COMMITTEE_LOOKUPS:
        lookup = COMMITTEE_LOOKUPS[count.key]
        condition = lookup(list(committees)) if callable(lookup) else Q(**{lookup: list(committees)})
        rows = rows.filter(condition).distinct()
    return rows


def value(count: Count, body, year, committees=None) -> int:
    rows = rows_for(count, body, year, committees)
    return count.total(rows) if count.total else rows.count()


def values(body, year, keys=None, committees=None) -> dict[str, int]:
    return {c.key: value(c, body, year, committees) for c in COUNTS if keys is None or c.key in keys}


# --- what the year planned -------------------------------------------------------------------------

# The forms a planned figure counts, by the key of the count it is set against.
PLANNED_FORMS = {
    "reports": REPORT_FORMS,
    "budget_reports": (SupervisionForm.FINANCE,),
    "inspections": (SupervisionForm.INSPECTION,),
    "inquiries": (SupervisionForm.INQUIRY,),
    "evaluations": (SupervisionForm.EVALUATION,),
    "research": (SupervisionForm.RESEARCH,),
    "major_matters": (SupervisionForm.MAJOR_MATTER,),
}
PLANNED_NOTE = ("计划数按已通过的各项年度计划统计（草案不计），同一事项只计一次，"
                "兼有几种监督形式的事项每种形式各计一次；原则、目标类条目不计；"
                "计划分节标明项数（如“共 23 项”）而只列一个事项的，该事项按标明的项数计。"
                "点开计划数可见所计的每个事项及其计数。")
PLANNED_NOTE_COMMITTEES = ("计划数按已通过的各项年度计划中本委员会负责的事项统计（草案不计），同一事项只计一次，"
                           "原则、目标类条目不计。")


@dataclass
class PlannedMatter:
    """A matter of the year's adopted plans, once: its forms (main first), how many it stands for by its main form
    (a section's declared count, else 1), and where the plans list it."""

    item_id: int
    title: str
    forms: list[str]
    stands_for: int
    where: list[str]

    def counts_for(self, key: str) -> int:
        """What the matter adds to the planned figure of `key`: its number for its main form, 1 for another form."""
        wanted = PLANNED_FORMS[key]
        if self.forms[0] in wanted:
            return self.stands_for
        return 1 if any(f in wanted for f in self.forms[1:]) else 0


def planned_matters(body, year, committees=None) -> list[PlannedMatter]:
    """Each matter of the year's adopted plans once, in the item list's order, principles and aims left out.

    A matter counts 1, except when it is the only matter of a section that declares its count ("（共 23 项）"):
    it then stands for the declared number (one matter for 23 departments' evaluations counts 23). A section
    listing several matters never changes their count, so the figure is always what its list shows. With
    `committees` (ids), only those committees' matters (leading or helping), each counting 1. One query."""
    entries = PlanEntry.objects.filter(plan__body=body, plan__year=year, plan__status=AnnualPlan.Status.ADOPTED,
                                       item__is_principle=False)
    if committees is not None:
        mine = PlanItem.objects.filter(responsibilities__committee__in=list(committees)).values("pk")
        entries = entries.filter(item__in=mine)
    rows = list(entries.order_by("item__due_month", "item_id", "plan__kind").values_list(
        "item_id", "item__title", "item__form", "item__extra_forms", "section_id", "section__declared_count",
        "section__heading", "plan__kind"))
    section_size = Counter(row[4] for row in rows)
    matters: dict[int, PlannedMatter] = {}
    for item_id, title, form, extra, section_id, declared, heading, plan_kind in rows:
        alone = committees is None and section_id is not None and declared and section_size[section_id] == 1
        where = PlanKind(plan_kind).label + (f" {heading if len(heading) <= 24 else heading[:23] + '…'}"
                                             if heading else "")
        stands_for = declared if alone else 1
        known = matters.get(item_id)
        if known is None:
            matters[item_id] = PlannedMatter(item_id, title, [form, *(f for f in extra or () if f != form)],
                                             stands_for, [where])
        else:  # listed by several plans: once, standing for the most any of them says
            known.where.append(where)
            known.stands_for = max(known.stands_for, stands_for)
    return list(matters.values())


def planned(body, year, committees=None) -> dict[str, int]:
    """What the year's adopted plans promised, by the key of the count that says what was done: a matter counts
    for a key when its main form or one of its other forms is among the key's forms (once, whatever number)."""
    matters = planned_matters(body, year, committees)
    return {key: sum(m.counts_for(key) for m in matters) for key in PLANNED_FORMS}


def planned_query(key) -> dict[str, str]:
    """The item list's filters that list the matters behind a planned figure (principles and aims left out)."""
    forms = {"reports": "true"} if key == "reports" else {"form": PLANNED_FORMS[key][0].value}
    return {**forms, "principle": "false"}


def planned_url(year, key, committees=None) -> str:
    """The page listing what a planned figure counts: each matter with the number it adds (planned_count_page)."""
    url = reverse("summary-planned", args=[year, key])
    return url + "?" + urlencode({"committees": ",".join(map(str, committees))}) if committees else url


def row_of(obj) -> dict:
    """What the list behind a count shows of one row: its title, when, and where to open it."""
    if isinstance(obj, Meeting):
        return {"title": obj.title, "when": obj.date, "url": reverse("meeting-detail", args=[obj.pk]), "extra": ""}
    if isinstance(obj, AgendaItem):
        extra = []
        if obj.resolution_title:
            extra.append(obj.resolution_title)
        if obj.appointments or obj.removals:
            extra.append(f"任命 {obj.appointments} 人次，免职 {obj.removals} 人次")
        return {"title": obj.title, "when": obj.meeting.date, "url": reverse("meeting-detail", args=[obj.meeting_id]),
                "extra": f"{obj.meeting.short_title} · " + "；".join(extra) if extra else obj.meeting.short_title}
    if isinstance(obj, EvaluationSubject):
        return {"title": f"{obj.label}（{obj.get_result_display()}）", "when": obj.evaluation.held_on,
                "url": reverse("evaluation-detail", args=[obj.evaluation_id]), "extra": obj.evaluation.title}
    if isinstance(obj, Inspection):
        return {"title": obj.title, "when": obj.start_on, "url": reverse("inspection-detail", args=[obj.pk]),
                "extra": ""}
    if isinstance(obj, PlanItem):
        return {"title": obj.title, "when": None, "url": reverse("item-detail", args=[obj.pk]),
                "extra": obj.get_status_display()}
    if isinstance(obj, Suggestion):
        return {"title": f"{obj.number_label} {obj.title}", "when": obj.assigned_on,
                "url": reverse("suggestion-detail", args=[obj.pk]), "extra": obj.get_status_display()}
    return {"title": str(obj), "when": None, "url": "", "extra": ""}
