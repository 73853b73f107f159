"""Satisfaction evaluation pages: list, create, results (with chart and workbook), batch entry,
a department's results over the years, and putting a new report on a later agenda."""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.exporters import export_response
from core.listing import render_filtered_list
from core.models import ReportingBody
from core.rules import rules_for
from core.tables import TableExporter
from supervision import evaluations as service
from supervision import rules as result_rules
from supervision.exports import EvaluationResultsExporter
from supervision.filtersets import EvaluationFilterSet
from supervision.forms.evaluations import EvaluationCreateForm, NewReportForm
from supervision.models import Evaluation, EvaluationResult, EvaluationSubject, Rectification
from supervision.permissions import can_record_evaluations, evaluation_refusal, require
from supervision.tables import EvaluationTable


def _evaluation(pk):
    return get_object_or_404(Evaluation.objects.select_related("agenda_item__meeting__term"), pk=pk)


def _subjects(evaluation):
    return list(
        EvaluationSubject.objects.filter(evaluation=evaluation)
        .select_related("reporting_body", "livelihood_project")
        .prefetch_related(
            Prefetch("rectifications", queryset=Rectification.objects.select_related("committee", "new_report_agenda_item__meeting"))
        )
        .order_by("order", "id")
    )


def evaluation_list(request):
    queryset = (
        Evaluation.objects.select_related("agenda_item__meeting__term")
        .annotate(
            subject_count=Count("subjects", distinct=True),
            entered=Count("subjects", filter=Q(subjects__result__gt=""), distinct=True),
            satisfied_count=Count("subjects", filter=Q(subjects__result=EvaluationResult.SATISFIED), distinct=True),
            basic_count=Count("subjects", filter=Q(subjects__result=EvaluationResult.BASIC), distinct=True),
            unsatisfied_count=Count("subjects", filter=Q(subjects__result=EvaluationResult.UNSATISFIED), distinct=True),
        )
        .order_by("-agenda_item__meeting__year", "-held_on", "id")
    )
    return render_filtered_list(
        request, queryset, EvaluationFilterSet, "supervision/evaluations/list.html",
        {"can_record": can_record_evaluations(request.user)}, exporter_class=TableExporter, table=EvaluationTable(),
    )


def evaluation_create(request):
    require(evaluation_refusal(request.user))
    initial = {"source": service.SOURCE_DEPARTMENTS}
    if request.GET.get("agenda_item", "").isdigit():
        initial["agenda_item"] = int(request.GET["agenda_item"])
    form = EvaluationCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation = service.create_evaluation(
                data["agenda_item"], data["source"], title=data["title"], held_on=data["held_on"],
                note=data["note"], report_label=data["report_label"],
            )
        except ValidationError as error:
            form.add_error("source", error.messages[0])
        else:
            messages.success(request, f"已创建“{evaluation.title}”，共 {evaluation.subjects.count()} 个测评对象，请录入票数。")
            return redirect("evaluation-entry", pk=evaluation.pk)
    return render(request, "supervision/evaluations/form.html", {"form": form})


def evaluation_detail(request, pk):
    evaluation = _evaluation(pk)
    subjects = _subjects(evaluation)
    rows = service.subject_rows(subjects)
    if request.GET.get("export") == "xlsx":
        return export_response(EvaluationResultsExporter(evaluation, rows))
    can_record = can_record_evaluations(request.user)
    for row in rows:
        rect = row["subject"].rectifications.all()
        row["rectification"] = rect[0] if rect else None
        if can_record and row["rectification"] and row["rectification"].needs_new_report \
                and not row["rectification"].new_report_agenda_item_id:
            row["new_report_form"] = NewReportForm(rectification=row["rectification"], prefix=f"r{row['rectification'].pk}")
    rules_used = sorted({(s.rule, tuple(sorted((k, v) for k, v in s.rule_params.items() if "threshold" in k)))
                         for s in subjects if s.rule})
    notes = [f"{result_rules.rule_label(rule)}：{result_rules.rule_note(rule, dict(params))}" for rule, params in rules_used]
    summary = {
        label: sum(1 for s in subjects if s.result == value) for value, label in EvaluationResult.choices
    }
    return render(request, "supervision/evaluations/detail.html", {
        "evaluation": evaluation, "rows": rows, "chart": service.chart(rows), "rule_notes": notes,
        "summary": summary, "can_record": can_record, "pending": sum(1 for s in subjects if not s.result),
    })


def _read_grid(request, subjects) -> dict[int, dict]:
    return {
        s.pk: {f: service.parse_count(request.POST.get(f"s{s.pk}-{f}")) for f in result_rules.COUNT_FIELDS}
        for s in subjects
    }


def evaluation_entry(request, pk):
    """The batch grid: one row a subject, one column a count; saved all together or not at all."""
    require(evaluation_refusal(request.user))
    evaluation = _evaluation(pk)
    subjects = list(
        EvaluationSubject.objects.filter(evaluation=evaluation).select_related("reporting_body").order_by("order", "id")
    )
    meeting = evaluation.agenda_item.meeting
    errors = []
    posted = None
    if request.method == "POST":
        posted = _read_grid(request, subjects)
        try:
            changed = service.enter_counts(evaluation, posted, request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, f"已保存测评票数，计算 {len(changed)} 个对象的结果。")
            return redirect("evaluation-detail", pk=evaluation.pk)
    rows = []
    for s in subjects:
        values = {}
        for f in result_rules.COUNT_FIELDS:
            if posted is not None:
                value = posted[s.pk][f]
            else:
                value = getattr(s, f)
                if value is None and f == "in_office":
                    value = meeting.members_in_office
                if value is None and f == "present":
                    value = meeting.members_present
            values[f] = "" if value is None else value
        rows.append({"subject": s, "cells": [(f, result_rules.COUNT_LABELS[f], values[f]) for f in result_rules.COUNT_FIELDS]})
    body_rules = rules_for(request.renda_body)
    rule, params = result_rules.rule_and_params(body_rules)
    return render(request, "supervision/evaluations/entry.html", {
        "evaluation": evaluation, "rows": rows, "errors": errors,
        "columns": [(f, result_rules.COUNT_LABELS[f]) for f in result_rules.COUNT_FIELDS],
        "rule_label": result_rules.rule_label(rule), "rule_note": result_rules.rule_note(rule, params),
    })


@require_POST
def evaluation_new_report(request, pk):
    """From a 不满意 subject's rectification: put its new report on a later meeting's agenda."""
    require(evaluation_refusal(request.user))
    rectification = get_object_or_404(
        Rectification.objects.select_related("evaluation_subject__evaluation__agenda_item__meeting", "reporting_body"),
        pk=pk, evaluation_subject__isnull=False,
    )
    evaluation = rectification.evaluation_subject.evaluation
    form = NewReportForm(request.POST, rectification=rectification, prefix=f"r{rectification.pk}")
    if not form.is_valid():
        messages.error(request, "请选择测评之后、未取消的常委会会议。")
        return redirect("evaluation-detail", pk=evaluation.pk)
    try:
        item = service.schedule_new_report(rectification, form.cleaned_data["meeting"], request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"已将“{item.title}”列入{item.meeting.short_title}议程。")
    return redirect("evaluation-detail", pk=evaluation.pk)


# --- results over the years -----------------------------------------------------------------------


def department_evaluations(request, reporting_body_pk):
    """One department's results, year by year, side by side. A fixed number of queries."""
    department = get_object_or_404(ReportingBody, pk=reporting_body_pk)
    subjects = list(
        EvaluationSubject.objects.filter(reporting_body=department, kind=EvaluationSubject.Kind.DEPARTMENT)
        .select_related("evaluation__agenda_item__meeting__term")
        .order_by("evaluation__agenda_item__meeting__year", "evaluation__agenda_item__meeting__date", "id")
    )
    rows = service.subject_rows(subjects)
    by_year = defaultdict(list)
    for row in rows:
        by_year[row["subject"].evaluation.agenda_item.meeting.year].append(row)
    return render(request, "supervision/evaluations/department.html", {
        "department": department, "years": sorted(by_year.items()), "rows": rows,
    })


def department_overview(request):
    """Every department × every year: the result(s) of that year's evaluations."""
    cells = (
        EvaluationSubject.objects.filter(kind=EvaluationSubject.Kind.DEPARTMENT, reporting_body__isnull=False)
        .exclude(result="")
        .values_list("reporting_body_id", "evaluation__agenda_item__meeting__year", "result")
        .order_by("evaluation__agenda_item__meeting__year", "evaluation__held_on", "id")
    )
    labels = dict(EvaluationResult.choices)
    grid = defaultdict(lambda: defaultdict(list))
    years = set()
    for body_id, year, result in cells:
        grid[body_id][year].append((result, labels[result]))
        years.add(year)
    years = sorted(years)
    departments = ReportingBody.objects.filter(pk__in=list(grid)).order_by("order", "id")
    table = [{"department": d, "cells": [grid[d.pk].get(y, []) for y in years]} for d in departments]
    return render(request, "supervision/evaluations/departments.html", {"years": years, "table": table})
