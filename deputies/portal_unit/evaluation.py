"""The unit's own side of 建议办理工作评价 on its portal: its components and score of the year (live until the
office freezes the year, then the frozen result; never another unit's), and handing in its
不满意情况专项报告 on a suggestion's page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import uploads
from core.external import my_unit
from deputies.models import Suggestion, UnsatisfiedReport
from deputies.portal_unit.views import unit_suggestions
from deputies.unit_evaluation import scoring, special_reports


def evaluation(request):
    unit = my_unit(request)
    body = request.renda_body
    raw = (request.GET.get("year") or "").strip()
    year = int(raw) if raw.isdigit() and 1980 <= int(raw) <= 2100 else timezone.localdate().year
    row, is_frozen = scoring.unit_result(body, year, unit)
    cells = []
    if row is not None:
        for c in scoring.COMPONENTS:
            item = dict(row["components"].get(c.key) or {})
            item["key"] = c.key
            cells.append(item)
    years = sorted(set(Suggestion.objects.filter(body=body, lead_unit=unit).values_list("year", flat=True)) | {year},
                   reverse=True)
    reports = list(UnsatisfiedReport.objects.filter(unit=unit, suggestion__in=unit_suggestions(request.user))
                   .select_related("suggestion").order_by("delivered_on", "due_on", "pk"))
    today = timezone.localdate()
    for r in reports:
        r.overdue = r.is_overdue(today)
    return render(request, "portal/unit/evaluation.html", {
        "unit": unit, "year": year, "years": years, "row": row, "cells": cells, "frozen": is_frozen,
        "reports": reports,
    })


@require_POST
def special_report_deliver(request, pk):
    unit = my_unit(request)
    s = get_object_or_404(unit_suggestions(request.user, Suggestion.objects.all()), pk=pk)
    raw = (request.POST.get("round") or "").strip()
    report = UnsatisfiedReport.objects.filter(suggestion=s, round=int(raw) if raw.isdigit() else 0).first()
    if report is None:
        raise Http404("没有这份专项报告。")
    if report.unit_id != unit.pk:
        raise PermissionDenied("这份专项报告由其他承办单位提交。")
    url = reverse("portal-unit-suggestion", kwargs={"pk": s.pk}) + "#special-reports"
    document = request.FILES.get("document")
    if document is not None:
        problem = uploads.upload_problem(document)
        if problem:
            messages.error(request, f"报告文件：{problem}")
            return redirect(url)
    try:
        special_reports.deliver(report, text=request.POST.get("text", "")[:20000], document=document,
                                by=request.user)
    except special_reports.ReportError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"已提交第{report.round}轮不满意情况专项报告。")
    return redirect(url)
