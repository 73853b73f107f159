"""Livelihood projects (民生实事): the year's list, entry (office), progress (following committee, office)."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.listing import render_filtered_list
from core.tables import TableExporter
from supervision import opinions as services
from supervision.filtersets import LivelihoodProjectFilterSet
from supervision.forms.opinions import LivelihoodProjectForm, ProgressForm
from supervision.models import EvaluationSubject, LivelihoodProgress, LivelihoodProject
from supervision.permissions import can_record_supervision, livelihood_refusal, office_refusal, require
from supervision.tables import LivelihoodTable


def project_queryset():
    subjects = EvaluationSubject.objects.select_related("evaluation__agenda_item__meeting__term").order_by("-pk")
    return LivelihoodProject.objects.select_related("department", "committee").prefetch_related(
        Prefetch("progress", queryset=LivelihoodProgress.objects.select_related("by").order_by("reported_on", "pk")),
        Prefetch("evaluation_subjects", queryset=subjects),
    )


def _rows(projects):
    for p in projects:
        reports = list(p.progress.all())
        p.latest = reports[-1] if reports else None
        p.subject = next(iter(p.evaluation_subjects.all()), None)
    return projects


def livelihood_list(request):
    return render_filtered_list(
        request, project_queryset().order_by("-year", "number"), LivelihoodProjectFilterSet,
        "supervision/livelihood/list.html", {"can_record": can_record_supervision(request.user)},
        exporter_class=TableExporter, table=LivelihoodTable(prepare=_rows),
    )


def livelihood_create(request):
    require(office_refusal(request.user))
    year = timezone.localdate().year
    taken = set(LivelihoodProject.objects.filter(year=year).values_list("number", flat=True))
    number = next(n for n in range(1, 100) if n not in taken)
    form = LivelihoodProjectForm(request.POST or None, instance=LivelihoodProject(body=request.renda_body),
                                 initial={"year": year, "number": number})
    if request.method == "POST" and form.is_valid():
        project = form.save()
        messages.success(request, f"已添加民生实事项目“{project.title}”。")
        return redirect("livelihood-detail", pk=project.pk)
    return render(request, "supervision/livelihood/form.html", {"form": form})


def livelihood_detail(request, pk):
    project = get_object_or_404(project_queryset(), pk=pk)
    _rows([project])
    reason = livelihood_refusal(request.user, project)
    return render(request, "supervision/livelihood/detail.html", {
        "project": project, "refusal": reason, "form": ProgressForm() if reason is None else None,
    })


@require_POST
def livelihood_progress(request, pk):
    project = get_object_or_404(LivelihoodProject.objects.select_related("committee"), pk=pk)
    require(livelihood_refusal(request.user, project))
    form = ProgressForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        services.add_progress(project, request.user, d["reported_on"], d["percent"], d["text"])
        messages.success(request, "进展已记录。")
        return redirect("livelihood-detail", pk=project.pk)
    project = get_object_or_404(project_queryset(), pk=pk)
    _rows([project])
    return render(request, "supervision/livelihood/detail.html", {"project": project, "refusal": None, "form": form})
