"""The tables of the supervision lists (core.tables): evaluations, review opinions, rectification,
inspections, special inquiries and livelihood projects, for their pages and their spreadsheets."""

from django.utils import timezone
from django.utils.text import Truncator

from core.tables import Column, Table, badge, escape, link_to, local
from supervision.models import EvaluationResult


def _meeting(agenda_item) -> str:
    return f"{agenda_item.meeting.year} {agenda_item.meeting.short_title}"


def _date_or_dash(value) -> str:
    return local(value) or "—"


# --- 满意度测评 ------------------------------------------------------------------------------------


class EvaluationTable(Table):
    choice_key = "evaluations"
    sheet_title = "满意度测评"
    file_slug = "evaluations"
    empty_text = "没有符合条件的满意度测评。"

    year = Column("年度", "agenda_item.meeting.year", width=6)
    meeting = Column("会议", "agenda_item.meeting.short_title", width=14)
    title = Column("测评", hideable=False, width=30)
    agenda_item = Column("议题", "agenda_item.title", page=False, width=50)
    held_on = Column("测评日期", page=False, width=11)
    subject_count = Column("对象数", css="num", width=8)
    entered = Column("已录入", css="num", width=8)
    satisfied_count = Column(EvaluationResult.SATISFIED.label, css="num", width=8)
    basic_count = Column(EvaluationResult.BASIC.label, css="num", width=8)
    unsatisfied_count = Column(EvaluationResult.UNSATISFIED.label, css="num", width=8)

    def html_title(self, evaluation):
        link = link_to("evaluation-detail")(evaluation)
        agenda = Truncator(evaluation.agenda_item.title).chars(60)
        return f'<a href="{escape(link)}">{escape(evaluation.title)}</a><br><small>{escape(agenda)}</small>'


# --- 审议意见 -------------------------------------------------------------------------------------


class OpinionTable(Table):
    """Each row's state (state_class, state_label) comes from supervision.opinions.opinion_state, which the
    view runs as the table's `prepare`."""

    choice_key = "opinions"
    sheet_title = "审议意见"
    file_slug = "opinions"
    row_id = "opinion-{pk}"
    empty_text = "没有符合条件的审议意见。"

    meeting = Column("会议", lambda o: _meeting(o.agenda_item), width=18)
    agenda_item = Column("议题", "agenda_item.title", hideable=False, width=50)
    reporting_body = Column("报告单位", "reporting_body.name", empty="—", width=20)
    committee = Column("跟踪委员会", "committee.short_name", empty="—", width=14)
    text = Column("审议意见", page=False, width=60)
    sent_on = Column("送交", html=lambda o: _date_or_dash(o.sent_on), export_header="送交日期", width=11)
    due_on = Column("反馈期限", html=lambda o: _date_or_dash(o.due_on), width=11)
    response_on = Column("反馈", export_header="反馈日期", width=11)
    response_heard_at = Column("提请会议", "response_heard_at.short_title", page=False, width=14)
    state = Column("状态", "state_label", html=lambda o: badge(o.state_class, o.state_label), width=10)
    assessment = Column("工委评价", "get_assessment_display", page=False, width=10)

    def row_class(self, opinion) -> str:
        return "overdue" if opinion.state_class == "overdue" else ""

    def html_agenda_item(self, opinion):
        link = link_to("opinion-detail")(opinion)
        shown = f'<a href="{escape(link)}">{escape(Truncator(opinion.agenda_item.title).chars(50))}</a>'
        return shown + ' <span class="badge">示例数据</span>' if "示例数据" in opinion.text else shown

    def html_response_on(self, opinion):
        shown = escape(_date_or_dash(opinion.response_on))
        if opinion.response_heard_at:
            shown += f"<br><small>提请{escape(opinion.response_heard_at.short_title)}</small>"
        return shown


# --- 整改 ---------------------------------------------------------------------------------------


class RectificationTable(Table):
    choice_key = "rectifications"
    sheet_title = "整改"
    file_slug = "rectifications"
    row_id = "rect-{pk}"
    empty_text = "没有符合条件的整改记录。"

    source = Column("来源", "get_source_display", width=10)
    what = Column("整改内容", link=link_to("rectification-detail"), truncate=60, hideable=False, width=60)
    reporting_body = Column("整改单位", "reporting_body.name", empty="—", width=20)
    committee = Column("跟踪委员会", "committee.short_name", empty="—", width=14)
    due_on = Column("期限", html=lambda r: _date_or_dash(r.due_on), export_header="整改期限", width=11)
    status = Column("状态", "get_status_display", width=10)
    closed_on = Column("完成日期", page=False, width=11)
    overdue = Column("逾期", page=False, width=6)
    needs_new_report = Column("须再次报告", page=False, width=10)

    def prepare(self, rectifications):
        today = timezone.localdate()
        for r in rectifications:
            r.overdue = r.is_overdue(today)
        super().prepare(rectifications)

    def row_class(self, rect) -> str:
        return "overdue" if rect.overdue else ""

    def html_status(self, rect):
        shown = badge("done" if rect.status == "closed" else "planned", rect.get_status_display())
        if rect.overdue:
            shown += ' <span class="badge overdue">逾期</span>'
        if rect.closed_on:
            shown += f"<br><small>{local(rect.closed_on)}</small>"
        return shown


# --- 执法检查, 专题询问 ------------------------------------------------------------------------------


def _inspection_time(inspection) -> str:
    shown = local(inspection.start_on)
    return f"{shown} 至 {local(inspection.end_on)}" if inspection.end_on else shown


def _report(inspection) -> str:
    item = inspection.report_agenda_item
    return f"{item.meeting.year} 年{item.meeting.short_title}" if item else ""


class InspectionTable(Table):
    choice_key = "inspections"
    sheet_title = "执法检查"
    file_slug = "inspections"
    empty_text = "没有符合条件的执法检查。"

    year = Column("年度", width=6)
    title = Column("名称", link=link_to("inspection-detail"), hideable=False, width=30)
    laws = Column("检查的法律法规", lines=True, width=40)
    time = Column("时间", _inspection_time, width=24)
    report = Column("听取报告", _report, empty="—", link=link_to("meeting-detail", "report_agenda_item.meeting_id"),
                    width=20)
    team = Column("检查组成员", page=False, width=30)
    deputies_invited = Column("邀请的人大代表", page=False, width=30)


class InquiryTable(Table):
    choice_key = "inquiries"
    sheet_title = "专题询问"
    file_slug = "inquiries"
    empty_text = "没有符合条件的专题询问。"

    meeting = Column("会议", lambda q: _meeting(q.agenda_item), width=18)
    agenda_item = Column("议题", "agenda_item.title", link=link_to("inquiry-edit", "agenda_item_id"), truncate=50,
                         hideable=False, width=50)
    askers = Column("询问人", lines=True, width=24)
    officials = Column("应询人员", lines=True, width=30)
    question_count = Column("问题数", css="num", width=8)
    note = Column("说明", page=False, width=40)


# --- 民生实事 -----------------------------------------------------------------------------------

RESULT_BADGES = {EvaluationResult.SATISFIED: "done", EvaluationResult.BASIC: "planned"}


class LivelihoodTable(Table):
    """`latest` (the latest progress report) and `subject` (its evaluation) come from the view's `prepare`,
    over the prefetches of supervision.views.livelihood.project_queryset."""

    choice_key = "livelihood"
    sheet_title = "民生实事"
    file_slug = "livelihood"
    row_id = "project-{pk}"
    empty_text = "没有符合条件的项目。"

    year = Column("年度", width=6)
    number = Column("序号", css="num", export_header="项目序号", width=6)  # the file's 序号 counts its rows
    title = Column("项目", link=link_to("livelihood-detail"), hideable=False, width=40)
    department = Column("责任部门", "department.name", empty="—", width=20)
    committee = Column("跟踪委员会", "committee.short_name", empty="—", width=14)
    latest = Column("最新进展", "latest.percent", export_header="完成进度", width=10, number_format="0%",
                    export_value=lambda p: p.latest.percent / 100 if p.latest else None)
    reported_on = Column("报告日期", "latest.reported_on", page=False, width=11)
    latest_text = Column("最近进展", "latest.text", page=False, width=50)
    result = Column("完成测评", lambda p: p.subject.get_result_display() if p.subject and p.subject.result else "",
                    empty="—", width=10)

    def html_latest(self, project):
        if not project.latest:
            return "—"
        return f"{project.latest.percent}%<br><small>{local(project.latest.reported_on)}</small>"

    def html_result(self, project):
        subject = project.subject
        if not (subject and subject.result):
            return "—"
        return badge(RESULT_BADGES.get(subject.result, "overdue"), subject.get_result_display())
