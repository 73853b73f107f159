"""Downloads of meetings: one meeting's agenda (the office's, and the members'), and a year's 各次会议安排
(meetings/exports.py).

Every logged-in user of the body may export them; the body scope opened by the middleware makes
another body's meeting (or a year in which the body has no standing meeting) a 404.
"""

from core.exporters import export_response
from meetings.exports import AgendaWorkbookExporter, MeetingScheduleExporter, MemberAgendaExporter


def meeting_agenda_xlsx(request, pk):
    return export_response(AgendaWorkbookExporter.for_pk(pk))


def meeting_member_agenda_xlsx(request, pk):
    return export_response(MemberAgendaExporter.for_pk(pk))


def meeting_schedule_xlsx(request, year):
    return export_response(MeetingScheduleExporter.for_year(year))
