"""The year figures the system cannot count, entered by the office from the summary page (登记), and read by
whoever reads the summary: /summary/<year>/<key>/record/. Each entry and change goes in the history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from core import change_log
from reports.forms import LABELS, YearFigureForm, figure_values
from reports.models import RECORDED_FIGURES, YearFigure
from reports.permissions import can_record_year_figures, year_figure_read_refusal, year_figure_refusal


def save_figure(form: YearFigureForm, user) -> YearFigure:
    """The figure saved and its change recorded, in one transaction."""
    figure = form.instance
    before = figure_values(YearFigure.objects.get(pk=figure.pk)) if figure.pk else {}
    with transaction.atomic():
        figure = form.save(commit=False)
        figure.entered_by = user
        figure.save()
        changes = change_log.field_changes(before, figure_values(figure), LABELS)
        change_log.record(user, figure, "change" if before else "add", changes)
    return figure


def year_figure_page(request, year, key):
    """The figure of the year: its value, source and history; the office's form to enter or correct it."""
    if reason := year_figure_read_refusal(request.user):
        raise PermissionDenied(reason)
    if key not in RECORDED_FIGURES:
        raise Http404("该项数字由系统统计，不需要登记。")
    figure = YearFigure.objects.filter(year=year, key=key).select_related("entered_by").first()
    label, unit = RECORDED_FIGURES[key]
    can_record = can_record_year_figures(request.user)
    form = None
    if request.method == "POST":
        if reason := year_figure_refusal(request.user):
            raise PermissionDenied(reason)
    if can_record:
        instance = figure or YearFigure(body=request.renda_body, year=year, key=key)
        form = YearFigureForm(request.POST if request.method == "POST" else None, instance=instance)
        if request.method == "POST" and form.is_valid():
            saved = save_figure(form, request.user)
            messages.success(request, f"已登记 {year} 年{label}：{saved.value} {unit}（来源：{saved.source}）。")
            return redirect(reverse("summary", args=[year]) + f"#figure-{key}")
    return render(request, "dashboard/year_figure.html", {
        "year": year, "key": key, "label": label, "unit": unit, "figure": figure, "form": form,
        "can_record": can_record,
        "history": change_log.history(YearFigure, [figure.pk], limit=20) if figure else [],
    }, status=400 if form is not None and form.errors else 200)
