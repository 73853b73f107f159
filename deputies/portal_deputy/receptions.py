"""The deputy's receptions at liaison stations (进站接待), from their portal.

A deputy sees the receptions they attended, whoever recorded them, and their count this year
against the body's target (deputies/stations/receptions.py counts the same way for the office's pages).
They record one of their own: they are among its deputies, they may name others present, and
they are its `created_by`. They change nothing the office entered (there is no edit here at all:
a correction goes through the office, which keeps the receptions).
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone

from deputies.models import Deputy, Reception
from deputies.permissions import reception_self_refusal, require
from deputies.portal_deputy.forms import OwnReceptionForm, duplicate_message, same_reception
from deputies.portal_deputy.views import me
from deputies.stations import receptions as counting


def _progress(request, deputy, year):
    return counting.progress(counting.deputy_reception_count(deputy, year),
                             counting.reception_target(request.renda_body))


def reception_list(request):
    deputy = me(request)
    require(reception_self_refusal(request.user))
    year = timezone.localdate().year
    rows = (Reception.objects.filter(deputies=deputy).select_related("station")
            .prefetch_related(Prefetch("deputies", queryset=Deputy.objects.only("id", "name").order_by("name", "id")))
            .order_by("-held_on", "-id"))
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "portal/deputy/receptions.html", {
        "deputy": deputy, "page": page, "rows": list(page.object_list), "year": year,
        "progress": _progress(request, deputy, year), "query": "",
    })


def reception_new(request):
    deputy = me(request)
    require(reception_self_refusal(request.user))
    form = OwnReceptionForm(request.POST or None, me=deputy)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # Two tabs sending the same reception: the second waits here, then finds the first.
            Deputy.objects.select_for_update().filter(pk=deputy.pk).first()
            same = same_reception(deputy, form.cleaned_data["station"], form.cleaned_data["held_on"])
            if same is None:
                reception = form.save(commit=False)
                reception.created_by = request.user
                reception.save()
                reception.deputies.set([deputy, *form.cleaned_data["others"]])
        if same is not None:
            form.add_error(None, duplicate_message(same, deputy))
            return render(request, "portal/deputy/reception_form.html", {"form": form, "deputy": deputy}, status=400)
        progress = _progress(request, deputy, timezone.localdate().year)
        messages.success(request, f"已登记 {reception.held_on:%Y-%m-%d} 在{reception.station.name}的进站接待。"
                                  f"今年您已进站接待 {progress['count']} 次（目标 {progress['target']} 次）。")
        return redirect("portal-deputy-receptions")
    return render(request, "portal/deputy/reception_form.html", {"form": form, "deputy": deputy},
                  status=400 if request.method == "POST" else 200)
