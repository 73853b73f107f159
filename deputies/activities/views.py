"""Deputies attending standing-committee meetings (列席) and trainings (代表培训): lists with Excel export, the
meeting's attendance page, and a training's detail and form. The office records; every staff user reads."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from core import change_log
from core.listing import render_filtered_list
from core.tables import TableExporter
from deputies.activities.forms import (
    TRAINING_LABELS,
    AttendanceForm,
    TrainingForm,
    save_attendance,
    training_values,
)
from deputies.activities.tables import AttendanceTable, TrainingTable
from deputies.filtersets import AttendanceFilterSet, TrainingFilterSet
from deputies.models import Deputy, MeetingAttendance, Training
from deputies.models.activities import attendance_meeting_error
from deputies.permissions import activity_refusal, can_manage_activities, require
from meetings.models import Meeting

BRIEF_DEPUTY = ("id", "name", "code", "group", "work_unit", "status", "is_example")

# --- 列席 ----------------------------------------------------------------------------------------------


def attendance_queryset():
    # 列席 only: the rows of deputies recorded absent (deputies/duty attendance) are not attendance.
    return MeetingAttendance.objects.filter(status="present").select_related("meeting__term", "deputy").order_by(
        "-meeting__date", "-meeting_id", "deputy__name", "id")


def _shown_filter(model, request, name, only):
    wanted = request.GET.get(name, "")
    return model.objects.only(*only).filter(pk=wanted).first() if wanted.isdigit() else None


def _meeting_filter(request):
    wanted = request.GET.get("meeting", "")
    return Meeting.objects.select_related("term").filter(pk=wanted).first() if wanted.isdigit() else None


def attendance_list(request):
    """Every deputy's attendance at a meeting (列席), one row each: a year's rows are the summary's 人次."""
    return render_filtered_list(request, attendance_queryset(), AttendanceFilterSet, "deputies/attendance/list.html", {
        "can_manage": can_manage_activities(request.user),
        "filter_meeting": _meeting_filter(request),
        "filter_deputy": _shown_filter(Deputy, request, "deputy", ("id", "name")),
    }, per_page=100, exporter_class=TableExporter, table=AttendanceTable())


def meeting_attendance(request, pk):
    """A meeting's attendees (列席代表), and for the office the form that sets them."""
    meeting = get_object_or_404(Meeting.objects.select_related("term", "body"), pk=pk)
    can_manage = can_manage_activities(request.user)
    problem = attendance_meeting_error(meeting)
    form = None
    if request.method == "POST":
        require(activity_refusal(request.user))
        if problem:
            messages.error(request, problem)
            return redirect("meeting-attendance", pk=meeting.pk)
    if can_manage and not problem:
        form = AttendanceForm(request.POST if request.method == "POST" else None, meeting=meeting)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                added, removed = save_attendance(meeting, form.cleaned_data["deputies"], request.user)
            total = MeetingAttendance.objects.filter(meeting=meeting, status="present").count()
            if added or removed:
                messages.success(request, f"已保存列席代表名单：共 {total} 名"
                                          f"（增加 {len(added)} 名，删除 {len(removed)} 名）。")
            else:
                messages.info(request, f"列席代表名单没有变化：共 {total} 名。")
            return redirect("meeting-attendance", pk=meeting.pk)
    attendees = list(MeetingAttendance.objects.filter(meeting=meeting, status="present").select_related("deputy")
                     .only("id", "meeting_id", "deputy_id", "is_example", *(f"deputy__{f}" for f in BRIEF_DEPUTY))
                     .order_by("deputy__name", "deputy_id"))
    return render(request, "deputies/attendance/meeting.html", {
        "meeting": meeting, "attendees": attendees, "form": form, "can_manage": can_manage, "problem": problem,
        "cancelled": meeting.status == Meeting.Status.CANCELLED,
    })


# --- 培训 ----------------------------------------------------------------------------------------------


def training_queryset():
    return Training.objects.annotate(participant_count=Count("participants", distinct=True))


def training_list(request):
    return render_filtered_list(request, training_queryset().order_by("-held_on", "-id"), TrainingFilterSet,
                                "deputies/training/list.html", {
                                    "can_manage": can_manage_activities(request.user),
                                    "filter_deputy": _shown_filter(Deputy, request, "deputy", ("id", "name")),
                                }, exporter_class=TableExporter, table=TrainingTable())


def training_detail(request, pk):
    training = get_object_or_404(training_queryset().select_related("created_by").prefetch_related(
        Prefetch("participants", queryset=Deputy.objects.only(*BRIEF_DEPUTY).order_by("name", "id"))), pk=pk)
    return render(request, "deputies/training/detail.html", {
        "training": training, "can_manage": can_manage_activities(request.user),
        "history": change_log.history(Training, [training.pk], limit=20),
    })


def save_training(form, user) -> Training:
    """The training and its participants in one transaction, its change kept in the history."""
    training = form.instance
    before = training_values(Training.objects.get(pk=training.pk)) if training.pk else {}
    with transaction.atomic():
        training = form.save(commit=False)
        created = training.pk is None
        if created:
            training.created_by = user
        training.save()
        form.save_m2m()
        after = training_values(training)
        labels = {**TRAINING_LABELS, "participants": "参训代表"}
        changes = change_log.field_changes(before, after, labels) if not created else {}
        if created or changes:
            change_log.record(user, training, "add" if created else "change", changes,
                              note=f"参训代表 {len(after['participants'])} 名" if created else "")
    return training


def training_edit(request, pk=None):
    require(activity_refusal(request.user))
    training = get_object_or_404(Training, pk=pk) if pk else Training(body=request.renda_body)
    form = TrainingForm(request.POST or None, instance=training,
                        initial={} if pk else {"held_on": timezone.localdate(), "days": 1})
    if request.method == "POST" and form.is_valid():
        saved = save_training(form, request.user)
        messages.success(request, f"培训“{saved.title}”已保存，参训代表 {saved.participants.count()} 名。")
        return redirect("training-detail", pk=saved.pk)
    return render(request, "deputies/training/form.html", {"form": form, "training": training if pk else None})
