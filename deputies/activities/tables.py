"""The tables of deputies attending standing-committee meetings (列席) and of trainings (core.tables)."""

from django.urls import reverse

from core.tables import Column, Table, escape, link_to
from meetings.models import Meeting


def _meeting(attendance) -> str:
    cancelled = attendance.meeting.status == Meeting.Status.CANCELLED
    return attendance.meeting.title + ("（会议已取消，不计列席）" if cancelled else "")


class AttendanceTable(Table):
    """代表列席: one row per deputy and meeting, so the rows are the summary's 人次."""

    choice_key = "attendances"
    sheet_title = "代表列席常委会会议"
    file_slug = "attendances"
    html_id = "attendance-table"
    row_id = "attendance-{pk}"
    empty_text = "没有符合条件的列席记录。"

    date = Column("会议日期", lambda a: a.meeting.date, css="nowrap", header_css="", empty="—", width=11)
    meeting = Column("会议", _meeting, select=("meeting__term",), hideable=False, width=36)
    deputy = Column("列席代表", "deputy.name", select=("deputy",), hideable=False, width=12)
    group = Column("代表小组", "deputy.group", empty="—", width=16)
    work_unit = Column("工作单位及职务", "deputy.work_unit", empty="—", width=30)

    def html_meeting(self, attendance):
        url = reverse("meeting-attendance", args=[attendance.meeting_id])
        shown = f'<a href="{escape(url)}">{escape(attendance.meeting.title)}</a>'
        if attendance.meeting.status == Meeting.Status.CANCELLED:  # not counted as 列席 (the summary's figure)
            shown += ' <span class="badge cancelled">会议已取消，不计列席</span>'
        return shown

    def html_deputy(self, attendance):
        url = link_to("deputy-detail", "deputy_id")(attendance)
        shown = f'<a href="{escape(url)}">{escape(attendance.deputy.name)}</a>'
        return shown + ' <span class="badge example">示例数据</span>' if attendance.is_example else shown


class TrainingTable(Table):
    """代表培训; each row is one 期, its participants the 人次."""

    choice_key = "trainings"
    sheet_title = "代表培训"
    file_slug = "trainings"
    html_id = "training-table"
    row_id = "training-{pk}"
    empty_text = "没有符合条件的培训记录。"

    held_on = Column("开班日期", css="nowrap", header_css="", width=11)
    title = Column("培训名称", hideable=False, width=36)
    days = Column("天数", css="num", header_css="", width=6)
    place = Column("地点", empty="—", width=20)
    participant_count = Column("参训人次", css="num", header_css="", width=8)
    participants = Column("参训代表", lambda t: [d.name for d in t.participants.all()], prefetch=("participants",),
                          page=False, width=40)
    note = Column("备注", empty="—", truncate=60, width=30)

    def html_title(self, training):
        shown = f'<a href="{escape(link_to("training-detail")(training))}">{escape(training.title)}</a>'
        return shown + ' <span class="badge example">示例数据</span>' if training.is_example else shown
