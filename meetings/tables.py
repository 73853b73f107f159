"""The tables of the meetings app's lists (core.tables)."""

from core.tables import Column, Table, badge, chinese_date, link_to


def _when(meeting) -> str:
    if meeting.date:
        return chinese_date(meeting.date)
    return f"{meeting.planned_month} 月" if meeting.planned_month else ""


class MeetingTable(Table):
    choice_key = "meetings"
    sheet_title = "会议"
    file_slug = "meetings"
    empty_text = "没有符合条件的会议。"

    year = Column("年度", width=6)
    title = Column("会议", link=link_to("meeting-detail"), hideable=False, width=40)
    kind = Column("类别", "get_kind_display", width=10)
    # The file keeps a date as a date; a meeting without one yet, its planned month.
    when = Column("日期", _when, export_value=lambda m: m.date or _when(m), width=14)
    status = Column("状态", "get_status_display", html=lambda m: badge(m.status, m.get_status_display()), width=10)
    agenda_count = Column("议题数", css="num", width=8)
