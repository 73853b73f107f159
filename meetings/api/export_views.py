"""GET /api/v1/meetings/<id>/agenda.xlsx, GET /api/v1/meetings/<id>/member-agenda.xlsx (the members' agenda,
without the materials columns) and GET /api/v1/meetings/schedule/<year>.xlsx.

The same workbooks as the pages (meetings/exports.py); any authenticated user of the body,
another body's meeting (or a year without the body's standing meetings) is a 404.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from core.api.views import BodyScopedViewSetMixin
from core.exporters import XLSX_CONTENT_TYPE, export_response
from meetings.exports import AgendaWorkbookExporter, MeetingScheduleExporter, MemberAgendaExporter
from plans.api.export_views import XlsxRenderer

XLSX_RESPONSE = {(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY}


class MeetingAgendaExportView(BodyScopedViewSetMixin, APIView):
    renderer_classes = [JSONRenderer, XlsxRenderer]

    @extend_schema(summary="导出会议议程", responses=XLSX_RESPONSE)
    def get(self, request, pk):
        return export_response(AgendaWorkbookExporter.for_pk(pk))


class MeetingMemberAgendaExportView(BodyScopedViewSetMixin, APIView):
    renderer_classes = [JSONRenderer, XlsxRenderer]

    @extend_schema(summary="导出会议议程（组成人员版：序号、议题、汇报单位、备注）", responses=XLSX_RESPONSE)
    def get(self, request, pk):
        return export_response(MemberAgendaExporter.for_pk(pk))


class MeetingScheduleExportView(BodyScopedViewSetMixin, APIView):
    renderer_classes = [JSONRenderer, XlsxRenderer]

    @extend_schema(summary="导出年度各次会议安排（常委会会议）", responses=XLSX_RESPONSE)
    def get(self, request, year):
        return export_response(MeetingScheduleExporter.for_year(year))
