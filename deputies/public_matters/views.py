"""The staff's pages of the matters residents leave (/deputies/matters/), and the stations' posters.

The office handles every matter (it stands for the stations' staff, deputies/permissions.py says why); directors
read. A deputy handles their station's matters on the deputy portal (deputies/public_matters/portal.py).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render

from core.listing import render_filtered_list
from core.roles import is_office
from core.uploads import file_response
from deputies.filtersets import PublicMatterFilterSet
from deputies.models import MatterPhoto, MatterStep, PublicMatter, Station
from deputies.permissions import matter_refusal, matters_refusal, require, visible_matters
from deputies.public_matters import posters, service, steps


def matter_queryset(user):
    return visible_matters(user, PublicMatter.objects.select_related("station", "deputy", "suggestion")
                           .annotate(photo_total=Count("photos", distinct=True)))


def detail_context(request, matter):
    return {
        "m": matter, "steps": list(MatterStep.objects.filter(matter=matter).select_related("by").order_by("at", "pk")),
        "photos": list(MatterPhoto.objects.filter(matter=matter).order_by("pk")),
        "can_handle": matter_refusal(request.user, matter) is None,
        "forward_deputies": steps.forward_deputies(matter, request.user),
        "reply_days": service.reply_days(), "S": PublicMatter.Status,
    }


def matter_list(request):
    require(matters_refusal(request.user))
    queryset = matter_queryset(request.user).order_by("-created_at", "-pk")
    scope_rows = PublicMatter.objects.all()
    return render_filtered_list(request, queryset, PublicMatterFilterSet, "deputies/public_matters/list.html", {
        "by_station": service.figures(scope_rows, "station"), "by_deputy": service.figures(scope_rows, "deputy"),
        "late": scope_rows.filter(service.late_q()).count(), "reply_days": service.reply_days(),
        "stations": list(Station.objects.only("id", "number", "name").order_by("number")),
    })


def matter_detail(request, pk):
    require(matters_refusal(request.user))
    matter = get_object_or_404(matter_queryset(request.user), pk=pk)
    return render(request, "deputies/public_matters/detail.html", {
        **detail_context(request, matter), "show_contact": is_office(request.user), "step_url": "matter-step",
        "photo_url": "matter-photo"})


def handle_step(request, matter, detail_url_name, template, extra):
    try:
        done = steps.take(matter, request.user, request.POST)
    except service.MatterError as error:
        context = {**detail_context(request, matter), **extra, "error": error.message, "error_field": error.field,
                   "posted": request.POST}
        return render(request, template, context, status=400)
    messages.success(request, f"{matter.reference}：{done}")
    return redirect(detail_url_name, pk=matter.pk)


def matter_step(request, pk):
    require(matters_refusal(request.user))
    matter = get_object_or_404(matter_queryset(request.user), pk=pk)
    if request.method != "POST":
        return redirect("matter-detail", pk=pk)
    return handle_step(request, matter, "matter-detail", "deputies/public_matters/detail.html",
                       {"show_contact": is_office(request.user), "step_url": "matter-step",
                        "photo_url": "matter-photo"})


def photo_response(matter, n):
    photos = list(MatterPhoto.objects.filter(matter=matter).order_by("pk"))
    if not 1 <= n <= len(photos):
        from django.http import Http404

        raise Http404("没有这张照片。")
    return file_response(photos[n - 1].image, filename=f"随手拍{matter.pk}-{n}.{photos[n - 1].image.name.rsplit('.', 1)[-1]}")


def matter_photo(request, pk, n):
    require(matters_refusal(request.user))
    return photo_response(get_object_or_404(matter_queryset(request.user), pk=pk), n)


# --- posters --------------------------------------------------------------------------------------------------


def _station(request, pk):
    if not request.user.is_authenticated or matters_refusal(request.user):
        raise PermissionDenied(matters_refusal(request.user))
    return get_object_or_404(Station.objects.all(), pk=pk)


def station_poster(request, pk):
    """The station's A4 poster: name, address, the QR of its public page; printed from the browser (or saved as
    PDF there)."""
    station = _station(request, pk)
    url = posters.station_url(request, station)
    matters = PublicMatter.objects.filter(station=station)
    return render(request, "deputies/public_matters/poster.html", {
        "station": station, "url": url, "figures": service.figures(matters, "station"),
        "deputy_figures": service.figures(matters, "deputy"),
        "deputies": list(station.deputies.filter(status="serving").only("id", "name").order_by("name")),
    })


def station_qr_png(request, pk):
    station = _station(request, pk)
    return posters.qr_response(posters.station_url(request, station), "png", f"联络站{station.number}二维码.png")


def station_qr_svg(request, pk):
    station = _station(request, pk)
    return posters.qr_response(posters.station_url(request, station), "svg", f"联络站{station.number}二维码.svg")


