"""The year-end summary's other figures: what real year-end summaries report beyond the counts of
reports/year_counts.py (视察, 审议意见 and their responses, 备案审查, 工作评议 and 述职评议, 质询, the congress
sessions, 议案 apart from 建议 with 办结 and the classes A–D, 列席, training, liaison stations and receptions,
民生实事).

Each figure has its definition (shown beside it) and a link to the list that shows exactly what it counts:
an existing list page with its filters where one can (the plan items, review opinions, suggestions,
stations, receptions, livelihood projects), else the summary's own list of the rows
(`/summary/<year>/<key>/`). A figure the body has recorded nothing for is "未记录" with how to record
it, never 0: an empty record is no evidence of no work. 列席 and training are counted from the deputies'
records (deputies.models.MeetingAttendance, Training; their lists are /deputies/attendance/ and
/deputies/training/). The figures the system has no record for at all (the number of documents filed,
NEVER) are "未记录", with where the number is to be found, until the office enters the number and its source
(reports.models.YearFigure, from the summary's 登记 link); then they show "（办公室登记）" and the source, and
open the entry with its history.

Suggestions are counted among those the user may see (deputies.permissions.visible_suggestions), as the
suggestion list shows them; everything else is the body's. Every figure is computed in a fixed number of
aggregate queries (about ten), whatever the size of the year.
"""

from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse

from deputies.models import CongressSession, MeetingAttendance, Reception, Station, Suggestion, Training
from deputies.models.suggestions import ReplyClass, SuggestionKind, SuggestionStatus
from deputies.permissions import visible_suggestions
from meetings.models import AgendaItem, Meeting, MeetingKind
from plans.filtersets import PROGRESS, carries_any_form
from plans.models import PlanItem, SupervisionForm
from reports.models import RECORDED_FIGURES, YearFigure
from reports.permissions import can_record_year_figures
from supervision.models import EvaluationSubject, LivelihoodProgress, LivelihoodProject, Rectification, ReviewOpinion

SUPERVISION = "监督工作"
DEPUTIES = "人民代表大会会议和代表工作"
NOT_RECORDED = "未记录"


@dataclass(frozen=True)
class Figure:
    key: str
    section: str
    label: str
    unit: str
    definition: str
    level: int = 0  # 1: a part of the figure above it (其中)
    how: str = ""  # how to record it, shown when nothing is recorded
    record_url: str = ""  # the url name of the page where it is recorded
    # For the summary's own list (/summary/<year>/<key>/): (body, year) -> QuerySet, and one row for the page.
    rows: Callable | None = None
    row: Callable | None = None


# --- the rows behind the figures that no list page can filter ----------------------------------------


def _heard(body, year):
    return (AgendaItem.objects.filter(meeting__body=body, meeting__year=year, meeting__kind=MeetingKind.STANDING,
                                      meeting__status=Meeting.Status.HELD)
            .exclude(outcome=AgendaItem.Outcome.WITHDRAWN).select_related("meeting__term")
            .order_by("meeting__date", "meeting__number", "order"))


def _titled(word):
    return lambda body, year: _heard(body, year).filter(title__contains=word)


def _year_rectifications(body, year):
    of_year = (Q(opinion__agenda_item__meeting__year=year)
               | Q(evaluation_subject__evaluation__agenda_item__meeting__year=year) | Q(inspection__year=year))
    return (Rectification.objects.filter(of_year, body=body).select_related("reporting_body")
            .order_by("due_on", "pk"))


def _closed_rectifications(body, year):
    return _year_rectifications(body, year).filter(status=Rectification.Status.CLOSED)


def _departments_appraised(body, year):
    return (EvaluationSubject.objects.filter(kind=EvaluationSubject.Kind.DEPARTMENT,
                                             evaluation__agenda_item__meeting__body=body,
                                             evaluation__agenda_item__meeting__year=year)
            .exclude(result="").select_related("evaluation").order_by("evaluation__held_on", "evaluation_id", "order"))


def _livelihood_supervised_condition(year):
    progress = LivelihoodProgress.objects.filter(project=OuterRef("pk"), reported_on__year=year)
    evaluated = (EvaluationSubject.objects.filter(livelihood_project=OuterRef("pk"),
                                                  evaluation__agenda_item__meeting__year=year).exclude(result=""))
    return Q(Exists(progress)) | Q(Exists(evaluated))


def _livelihood_supervised(body, year):
    return (LivelihoodProject.objects.filter(_livelihood_supervised_condition(year), body=body, year=year)
            .select_related("department").order_by("number"))


def _sessions(body, year):
    return CongressSession.objects.filter(body=body, start_on__year=year).order_by("start_on", "pk")


def _row_of_rectification(obj):
    return {"title": obj.what[:80], "when": obj.due_on, "url": reverse("rectification-detail", args=[obj.pk]),
            "extra": f"{obj.get_source_display()} · {obj.get_status_display()}"
                     + (f" · {obj.reporting_body.name}" if obj.reporting_body_id else "")}


def _row_of_project(obj):
    return {"title": f"{obj.number}. {obj.title}", "when": None,
            "url": reverse("livelihood-detail", args=[obj.pk]),
            "extra": obj.department.name if obj.department_id else ""}


def _row_of_session(obj):
    return {"title": obj.name, "when": obj.start_on, "url": "", "extra": f"闭幕 {obj.end_on:%Y-%m-%d}" if obj.end_on else ""}


def _row_of_subject(obj):
    return {"title": f"{obj.label}（{obj.get_result_display()}）", "when": obj.evaluation.held_on,
            "url": reverse("evaluation-detail", args=[obj.evaluation_id]), "extra": obj.evaluation.title}


def _row_of_agenda_item(obj):
    return {"title": obj.title, "when": obj.meeting.date, "url": reverse("meeting-detail", args=[obj.meeting_id]),
            "extra": obj.meeting.short_title}


CLASS_LABELS = {"A": "A类（已解决或基本解决）", "B": "B类（正在解决或列入计划解决）",
                "C": "C类（因条件限制暂时难以解决）", "D": "D类（留作参考）"}
SUGGESTION_SCOPE = "委员会成员只统计本委督办（含重点督办）的。"

FIGURES = [
    Figure("visits", SUPERVISION, "视察", "次",
           "本年度计划事项中监督形式（含其他监督形式）为视察、状态为已审议、跟踪落实中或已完成的。",
           how="在年度计划中登记监督形式为“视察”的事项，视察后将状态改为“已完成”。", record_url="item-list"),
    Figure("opinions", SUPERVISION, "审议意见", "条",
           "本年度会议议题登记的审议意见，每份计一条。",
           how="听取和审议报告后，在该议题下登记审议意见（监督 → 审议意见）。", record_url="opinion-list"),
    Figure("opinions_responded", SUPERVISION, "审议意见已反馈", "条",
           "上项中报告单位已反馈（登记了反馈日期）的。", level=1),
    Figure("rectifications", SUPERVISION, "整改事项", "件",
           "本年度审议意见、满意度测评和执法检查提出的整改事项。",
           how="在“监督 → 整改”中登记整改事项。", record_url="rectification-list",
           rows=_year_rectifications, row=_row_of_rectification),
    Figure("rectifications_closed", SUPERVISION, "整改事项已完成", "件", "上项中状态为已完成的。", level=1,
           rows=_closed_rectifications, row=_row_of_rectification),
    Figure("filing_reviews", SUPERVISION, "规范性文件备案审查工作报告", "项",
           "本年度计划事项中监督形式（含其他监督形式）为规范性文件备案审查、状态为已审议、跟踪落实中或已完成的。",
           how="在年度计划中登记监督形式为“规范性文件备案审查”的事项，听取报告后将状态改为“已审议”。",
           record_url="item-list"),
    Figure("filed_documents", SUPERVISION, "备案审查的规范性文件", "件",
           "报送备案并审查的规范性文件件数。", level=1,
           how="本系统不登记报送备案的规范性文件，件数请从备案审查工作报告中摘录，由办公室点“登记”填写件数和来源。"),
    Figure("appraisals", SUPERVISION, "工作评议（政府工作部门）", "个",
           "本年度会议上以政府工作部门为对象、已得出结果的满意度测评，每个部门计一个。",
           how="在满意度测评中以“政府工作部门”为测评对象登记测评结果。", record_url="evaluation-list",
           rows=_departments_appraised, row=_row_of_subject),
    Figure("duty_appraisals", SUPERVISION, "述职评议", "项",
           "已召开的常委会会议上，议题名称含“述职”的议题（撤回的不计）。",
           how="在会议议程中登记述职评议议题（议题名称含“述职”）。", record_url="meeting-list",
           rows=_titled("述职"), row=_row_of_agenda_item),
    Figure("interpellations", SUPERVISION, "质询", "件",
           "已召开的常委会会议上，议题名称含“质询”的议题（撤回的不计）。",
           how="在会议议程中登记质询案议题（议题名称含“质询”）。", record_url="meeting-list",
           rows=_titled("质询"), row=_row_of_agenda_item),
    Figure("livelihood", SUPERVISION, "民生实事项目", "项",
           "本年度登记的民生实事项目（人民代表大会票决产生）。",
           how="在“监督 → 民生实事”中登记本年度的项目。", record_url="livelihood-list"),
    Figure("livelihood_supervised", SUPERVISION, "民生实事项目已监督", "项",
           "上项中本年度登记了进展情况，或在会议上满意度测评已得出结果的。", level=1,
           rows=_livelihood_supervised, row=_row_of_project),

    Figure("congress_sessions", DEPUTIES, "召开人民代表大会会议", "次",
           "本年度开幕的人民代表大会会议。",
           how="在“代表建议 → 人代会会议”中登记本年度的会议。", record_url="session-list",
           rows=_sessions, row=_row_of_session),
    Figure("motions", DEPUTIES, "代表议案", "件", "本年度提出、已交办的议案。" + SUGGESTION_SCOPE,
           how="在“代表建议”中登记议案（类别选“议案”）并交办。", record_url="suggestion-list"),
    Figure("motions_closed", DEPUTIES, "代表议案已办结", "件", "上项中状态为已办结的。", level=1),
    Figure("suggestions", DEPUTIES, "代表建议", "件", "本年度提出（大会期间和闭会期间）、已交办的建议，不含议案。"
           + SUGGESTION_SCOPE, how="在“代表建议”中登记建议并交办。", record_url="suggestion-list"),
    Figure("suggestions_closed", DEPUTIES, "代表建议已办结", "件", "上项中状态为已办结的（代表反馈满意或基本满意）。",
           level=1),
    Figure("suggestions_closed_share", DEPUTIES, "代表建议办结率", "%", "已办结的建议 ÷ 已交办的建议，保留一位小数。",
           level=1),
    *(Figure(f"class_{c.lower()}", DEPUTIES, f"代表建议答复{CLASS_LABELS[c]}", "件",
             f"已交办的建议中最近一次答复为 {c} 类的。", level=1) for c in "ABCD"),
    Figure("attendance", DEPUTIES, "代表列席常委会会议", "人次",
           "本年度常委会会议登记的列席代表，每名代表列席一次会议计一人次；会议已取消的不计。",
           how="在会议页面点“列席代表”，登记列席本次会议的代表。", record_url="attendance-list"),
    Figure("training", DEPUTIES, "代表培训", "期", "本年度开班的代表履职培训，每期计一期。",
           how="在“代表工作 → 代表培训”中登记每期培训及参训代表；代表工作计划中的培训事项见计划事项列表。",
           record_url="training-list"),
    Figure("training_participants", DEPUTIES, "参加培训代表", "人次", "上项各期培训登记的参训代表人数之和。",
           level=1),
    Figure("stations", DEPUTIES, "代表联络站（现有）", "个", "现登记的代表联络站和联络点（不分年度）。",
           how="在“代表 → 联络站”中登记。", record_url="station-list"),
    *(Figure(f"stations_{kind.value}", DEPUTIES, kind.label, "个", f"上项中类别为{kind.label}的。", level=1)
      for kind in Station.Kind),
    Figure("receptions", DEPUTIES, "代表进站接待选民", "次", "本年度登记的进站接待（每次接待计一次）。",
           how="在“代表 → 进站接待”中登记每次接待。", record_url="reception-list"),
    Figure("reception_voters", DEPUTIES, "接待选民", "人次", "上项各次接待登记的接待选民人次之和。", level=1),
    Figure("reception_deputies", DEPUTIES, "代表进站", "人次", "上项各次接待登记的进站代表人数之和。", level=1),
]
BY_KEY = {f.key: f for f in FIGURES}
LISTED = {f.key: f for f in FIGURES if f.rows is not None}  # those with the summary's own list
# Never recorded by the system: 未记录 until the office enters them (reports.models.YearFigure).
NEVER = tuple(RECORDED_FIGURES)
ENTERED = "（办公室登记）"


def _url(name, **query) -> str:
    return reverse(name) + ("?" + urlencode(query) if query else "")


def _share(part, whole):
    return None if not whole else round(part * 100 / whole, 1)


def values(body, year: int, user) -> tuple[dict, dict, dict]:
    """(figure key → its value, None when nothing is recorded; key → the list that shows it; key → a url to
    what relates to a figure never recorded). About ten aggregate queries."""
    done = list(PROGRESS["done"])
    items = PlanItem.objects.filter(body=body, year=year).aggregate(
        visits_any=Count("pk", filter=carries_any_form([SupervisionForm.VISIT])),
        visits=Count("pk", filter=carries_any_form([SupervisionForm.VISIT]) & Q(status__in=done)),
        filing_any=Count("pk", filter=carries_any_form([SupervisionForm.FILING_REVIEW])),
        filing_reviews=Count("pk", filter=carries_any_form([SupervisionForm.FILING_REVIEW]) & Q(status__in=done)),
    )
    opinions = ReviewOpinion.objects.filter(agenda_item__meeting__body=body, agenda_item__meeting__year=year).aggregate(
        opinions=Count("pk"), opinions_responded=Count("pk", filter=Q(response_on__isnull=False)))
    rectifications = _year_rectifications(body, year).order_by().aggregate(
        rectifications=Count("pk", distinct=True),
        rectifications_closed=Count("pk", filter=Q(status=Rectification.Status.CLOSED), distinct=True))
    heard = _heard(body, year).order_by().aggregate(
        heard=Count("pk"), duty_appraisals=Count("pk", filter=Q(title__contains="述职")),
        interpellations=Count("pk", filter=Q(title__contains="质询")))
    projects = LivelihoodProject.objects.filter(body=body, year=year).aggregate(
        livelihood=Count("pk"), livelihood_supervised=Count("pk", filter=_livelihood_supervised_condition(year)))
    suggestions = visible_suggestions(user, Suggestion.objects.filter(body=body, year=year)).aggregate(
        any=Count("pk"),
        motions=Count("pk", filter=Q(kind=SuggestionKind.MOTION, assigned_on__isnull=False)),
        motions_closed=Count("pk", filter=Q(kind=SuggestionKind.MOTION, assigned_on__isnull=False,
                                            status=SuggestionStatus.CLOSED)),
        suggestions=Count("pk", filter=Q(kind=SuggestionKind.SUGGESTION, assigned_on__isnull=False)),
        suggestions_closed=Count("pk", filter=Q(kind=SuggestionKind.SUGGESTION, assigned_on__isnull=False,
                                                status=SuggestionStatus.CLOSED)),
        **{f"class_{c.lower()}": Count("pk", filter=Q(kind=SuggestionKind.SUGGESTION, assigned_on__isnull=False,
                                                      reply_class=c)) for c in ReplyClass.values},
    )
    stations = Station.objects.filter(body=body).aggregate(
        stations=Count("pk"), **{f"stations_{k}": Count("pk", filter=Q(kind=k)) for k in Station.Kind.values})
    receptions = Reception.objects.filter(station__body=body, held_on__year=year).aggregate(
        receptions=Count("pk"), reception_voters=Sum("voters"))
    reception_deputies = Reception.deputies.through.objects.filter(
        reception__station__body=body, reception__held_on__year=year).count()
    # Only meetings that took place: a meeting cancelled after its attendees were entered is no 列席.
    attendance = (MeetingAttendance.objects.filter(body=body, meeting__year=year, status="present")
                  .exclude(meeting__status=Meeting.Status.CANCELLED).count())
    trainings = Training.objects.filter(body=body, held_on__year=year).aggregate(
        training=Count("pk", distinct=True), training_participants=Count("participants"))

    v = {
        "visits": items["visits"] if items["visits_any"] else None,
        "filing_reviews": items["filing_reviews"] if items["filing_any"] else None,
        "appraisals": _departments_appraised(body, year).count() or None,
        "congress_sessions": _sessions(body, year).count() or None,
        **{k: None for k in NEVER},
    }
    entered = {f.key: f for f in YearFigure.objects.filter(body=body, year=year, key__in=NEVER)}
    for key, figure in entered.items():
        v[key] = figure.value
    for key in ("opinions", "opinions_responded"):
        v[key] = opinions[key] if opinions["opinions"] else None
    for key in ("rectifications", "rectifications_closed"):
        v[key] = rectifications[key] if rectifications["rectifications"] else None
    for key in ("duty_appraisals", "interpellations"):
        v[key] = heard[key] if heard["heard"] else None  # no agenda of the year recorded: nothing to count
    for key in ("livelihood", "livelihood_supervised"):
        v[key] = projects[key] if projects["livelihood"] else None
    suggestion_keys = ["motions", "motions_closed", "suggestions", "suggestions_closed",
                       *(f"class_{c.lower()}" for c in ReplyClass.values)]
    for key in suggestion_keys:
        v[key] = suggestions[key] if suggestions["any"] else None
    v["suggestions_closed_share"] = (_share(suggestions["suggestions_closed"], suggestions["suggestions"])
                                     if suggestions["any"] else None)
    for key, value in stations.items():
        v[key] = value if stations["stations"] else None
    v["receptions"] = receptions["receptions"] or None
    v["reception_voters"] = (receptions["reception_voters"] or 0) if receptions["receptions"] else None
    v["reception_deputies"] = reception_deputies if receptions["receptions"] else None
    v["attendance"] = attendance or None
    v["training"] = trainings["training"] or None
    v["training_participants"] = trainings["training_participants"] if trainings["training"] else None

    suggestion_list = {"year": year, "assigned": "true"}
    urls = {
        "visits": _url("item-list", year=year, form=SupervisionForm.VISIT.value, progress="done"),
        "filing_reviews": _url("item-list", year=year, form=SupervisionForm.FILING_REVIEW.value, progress="done"),
        "opinions": _url("opinion-list", year=year),
        "opinions_responded": _url("opinion-list", year=year, responded="true"),
        "livelihood": _url("livelihood-list", year=year),
        "motions": _url("suggestion-list", **suggestion_list, kind=SuggestionKind.MOTION.value),
        "motions_closed": _url("suggestion-list", **suggestion_list, kind=SuggestionKind.MOTION.value,
                               status=SuggestionStatus.CLOSED.value),
        "suggestions": _url("suggestion-list", **suggestion_list, kind=SuggestionKind.SUGGESTION.value),
        "suggestions_closed": _url("suggestion-list", **suggestion_list, kind=SuggestionKind.SUGGESTION.value,
                                   status=SuggestionStatus.CLOSED.value),
        **{f"class_{c.lower()}": _url("suggestion-list", **suggestion_list, kind=SuggestionKind.SUGGESTION.value,
                                      reply_class=c) for c in ReplyClass.values},
        "stations": _url("station-list"),
        **{f"stations_{k}": _url("station-list", kind=k) for k in Station.Kind.values},
        "receptions": _url("reception-list", year=year),
        "reception_voters": _url("reception-list", year=year),
        "reception_deputies": _url("reception-list", year=year),
        "attendance": _url("attendance-list", year=year, cancelled="false"),
        "training": _url("training-list", year=year),
        "training_participants": _url("training-list", year=year),
        **{key: reverse("summary-count", args=[year, key]) for key in LISTED},
    }
    urls["suggestions_closed_share"] = urls["suggestions_closed"]
    for key in NEVER:  # an entered figure opens its entry: the number, its source and its history
        urls[key] = reverse("summary-figure-record", args=[year, key])
    related = {"training": _url("item-list", year=year, q="培训")}
    sources = {key: figure.source for key, figure in entered.items()}
    return v, urls, related, sources


def figures(body, year: int, user) -> list[dict]:
    """Each figure as the page, the API and the exports show it."""
    v, urls, related, sources = values(body, year, user)
    may_enter = can_record_year_figures(user)
    out = []
    for f in FIGURES:
        value = v[f.key]
        recorded = value is not None
        entered = f.key in sources  # entered by the office, not counted from records
        display = (f"{value:g}%" if f.unit == "%" else f"{value} {f.unit}") if recorded else NOT_RECORDED
        out.append({
            "key": f.key, "section": f.section, "label": f.label, "unit": f.unit, "definition": f.definition,
            "level": f.level, "value": value, "recorded": recorded,
            "display": display + ENTERED if entered else display,
            "url": urls.get(f.key) if recorded else None,
            "how": "" if recorded else f.how,
            "never": f.key in NEVER,  # the system has no record of it at all
            "entered": entered, "source": sources.get(f.key, ""),
            # The office's 登记 link beside a figure only it can give (or correct).
            "enter_url": reverse("summary-figure-record", args=[year, f.key]) if f.key in NEVER and may_enter
            else None,
            "record_url": reverse(f.record_url) if f.record_url and not recorded else None,
            "related_url": related.get(f.key),
        })
    return out


def sections(rows: list[dict]) -> list[dict]:
    """The figures by section, in order, for the page and the exports."""
    out: list[dict] = []
    for row in rows:
        if not out or out[-1]["title"] != row["section"]:
            out.append({"title": row["section"], "figures": []})
        out[-1]["figures"].append(row)
    return out


def paragraph(rows: list[dict]) -> str:
    """The recorded figures in the usual style; what is not recorded, or 0, is left out (never said as 0)."""
    v = {r["key"]: r["value"] for r in rows}

    def some(template, key, *more):
        return template.format(v[key], *(v[k] for k in more)) if v[key] else ""

    opinions = ""
    if v["opinions"]:
        opinions = f"交办审议意见 {v['opinions']} 条" + (
            f"（已反馈 {v['opinions_responded']} 条）" if v["opinions_responded"] else "")
    supervision = "，".join(p for p in (
        some("开展视察 {} 次", "visits"), opinions,
        some("督促整改 {} 件（已完成 {} 件）", "rectifications", "rectifications_closed"),
        some("听取规范性文件备案审查工作报告 {} 项", "filing_reviews"),
        some("审查报送备案的规范性文件 {} 件", "filed_documents"),
        some("对 {} 个政府工作部门开展工作评议", "appraisals"), some("开展述职评议 {} 项", "duty_appraisals"),
        some("依法处理质询案 {} 件", "interpellations"),
        some("监督民生实事项目 {} 项", "livelihood_supervised"),
    ) if p)
    deputies = []
    if v["congress_sessions"]:
        deputies.append(f"召开人民代表大会会议 {v['congress_sessions']} 次")
    if v["motions"] or v["suggestions"]:
        text = "交办" + "、".join(p for p in (some("代表议案 {} 件", "motions"), some("代表建议 {} 件", "suggestions")) if p)
        if v["suggestions_closed"]:
            text += f"，建议已办结 {v['suggestions_closed']} 件，办结率 {v['suggestions_closed_share']:g}%"
            classes = "、".join(f"{c} 类 {v[f'class_{c.lower()}']} 件" for c in "ABCD" if v[f"class_{c.lower()}"])
            text += f"（答复 {classes}）" if classes else ""
        deputies.append(text)
    if v["attendance"]:
        deputies.append(f"邀请代表列席常委会会议 {v['attendance']} 人次")
    if v["training"]:
        deputies.append(f"举办代表履职培训 {v['training']} 期、{v['training_participants']} 人次")
    if v["receptions"]:
        deputies.append(f"代表进站接待选民 {v['receptions']} 次、{v['reception_voters']} 人次")
    parts = [p for p in (supervision, "，".join(deputies)) if p]
    return "".join(p + "。" for p in parts)
