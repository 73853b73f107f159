"""The deputy's side of the public channel, on the deputy portal (/portal/deputy/matters/): the matters left at
their station or on their own page, the handling steps, and opting in to a page of their own with its QR code."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from deputies.models import Deputy, PublicMatter
from deputies.portal_deputy.views import me
from deputies.public_matters import codes, posters, service
from deputies.public_matters.views import detail_context, handle_step, matter_queryset, photo_response

TABS = [("", "待处理"), ("done", "已处理"), ("all", "全部")]


def matter_list(request):
    """My station's and my own matters; POST opts my own page in or out."""
    deputy = me(request)
    if request.method == "POST":
        wanted = request.POST.get("public_page", "")
        if wanted not in ("on", "off"):
            return redirect("portal-deputy-matters")
        with transaction.atomic():
            row = Deputy.objects.select_for_update().get(pk=deputy.pk)
            row.public_page = wanted == "on"
            fields = ["public_page"]
            if row.public_page and not row.public_slug:
                row.public_slug = codes.new_slug()
                fields.append("public_slug")
            row.save(update_fields=fields)
        messages.success(request, "已开通您的码上见代表页面。" if wanted == "on" else "已关闭您的码上见代表页面。")
        return redirect("portal-deputy-matters")
    tab = request.GET.get("tab", "")
    rows = matter_queryset(request.user).order_by("-created_at", "-pk")
    if tab == "done":
        rows = rows.exclude(status=PublicMatter.Status.NEW)
    elif tab != "all":
        tab = ""
        rows = rows.filter(status=PublicMatter.Status.NEW)
    page_url = posters.deputy_url(request, deputy) if deputy.public_page and deputy.public_slug else ""
    return render(request, "deputies/public_matters/portal_list.html", {
        "deputy": deputy, "rows": list(rows[:200]), "tab": tab, "tabs": TABS, "page_url": page_url,
        "figures": service.figures(PublicMatter.objects.filter(deputy=deputy), "deputy"),
    })


def matter_detail(request, pk):
    me(request)
    matter = get_object_or_404(matter_queryset(request.user), pk=pk)
    return render(request, "deputies/public_matters/portal_detail.html", {
        **detail_context(request, matter), "show_contact": True, "step_url": "portal-deputy-matter-step",
        "photo_url": "portal-deputy-matter-photo"})


def matter_step(request, pk):
    me(request)
    matter = get_object_or_404(matter_queryset(request.user), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return handle_step(request, matter, "portal-deputy-matter", "deputies/public_matters/portal_detail.html",
                       {"show_contact": True, "step_url": "portal-deputy-matter-step",
                        "photo_url": "portal-deputy-matter-photo"})


def matter_photo(request, pk, n):
    me(request)
    return photo_response(get_object_or_404(matter_queryset(request.user), pk=pk), n)


@require_GET
def my_qr(request):
    """The QR code of my own page, to print on a card or show on the phone."""
    deputy = me(request)
    if not (deputy.public_page and deputy.public_slug):
        raise Http404("您尚未开通码上见代表页面。")
    return posters.qr_response(posters.deputy_url(request, deputy), "png", "码上见代表.png")
