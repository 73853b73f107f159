"""The deputy's own duty record on the portal (/portal/deputy/duty/): the year's counts and points (as the office
sees them), the year report for 向选民述职 in Word, and their declarations: declare one (参加培训, 主题活动, 向选民述职,
其他履职, with a proof file), see whether the office approved or returned it and why, change a returned one and
declare it again. A deputy sees only their own (another's declaration is a 404)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from core import uploads
from core.exporters import export_response
from deputies.duty import record, workflow
from deputies.duty.exports import DutyReportDocument
from deputies.duty.forms import DeclarationForm
from deputies.duty.views import sections, year_of
from deputies.models import DeclaredActivity
from deputies.permissions import duty_declare_refusal, require
from deputies.portal_deputy.views import me


def duty_home(request):
    deputy = me(request)
    require(duty_declare_refusal(request.user))
    body = request.renda_body
    year = year_of(request)
    row, is_frozen = record.deputy_result(body, year, deputy)
    items = record.deputy_items(body, year, deputy, row["rule_params"]["feedback_days"])
    if request.GET.get("export") == "docx":
        return export_response(DutyReportDocument(body.name, year, row, items, is_frozen))
    declared = (DeclaredActivity.objects.filter(deputy=deputy).prefetch_related("events")
                .order_by("-held_on", "-pk")[:100])
    this = timezone.localdate().year
    return render(request, "portal/deputy/duty.html", {
        "deputy": deputy, "year": year, "years": list(range(this, this - 5, -1)), "row": row, "frozen": is_frozen,
        "sections": sections(row, items), "declared": declared,
    })


def declare(request, pk=None):
    deputy = me(request)
    require(duty_declare_refusal(request.user))
    activity = None
    if pk is not None:
        activity = get_object_or_404(DeclaredActivity, pk=pk, deputy=deputy)
        if activity.status != DeclaredActivity.Status.RETURNED:
            messages.error(request, f"该履职登记{activity.get_status_display()}，不能修改；只有被退回的可以修改后重新提交。")
            return redirect("portal-deputy-duty")
    instance = activity or DeclaredActivity(body=request.renda_body, deputy=deputy)
    form = DeclarationForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if activity is None:
            workflow.declare(saved, request.user)
            messages.success(request, f"已提交“{saved.title}”，常委会办公室审核认定后计入您的履职积分。")
        else:
            workflow.resubmit(saved, request.user, changes="、".join(
                str(form.fields[n].label) for n in form.changed_data))
            messages.success(request, f"已修改并重新提交“{saved.title}”。")
        return redirect("portal-deputy-duty")
    return render(request, "portal/deputy/duty_form.html", {"form": form, "deputy": deputy, "activity": activity},
                  status=400 if request.method == "POST" else 200)


def proof(request, pk):
    deputy = me(request)
    activity = get_object_or_404(DeclaredActivity, pk=pk, deputy=deputy)
    if not activity.proof:
        return redirect("portal-deputy-duty")
    return uploads.file_response(activity.proof)
