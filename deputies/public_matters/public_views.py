"""The public side (no log-in): a station's or a deputy's page reached by its QR code, where a resident leaves a
matter and gets a receipt code, and the page where the resident follows it with the code and rates the answer.

Anonymous requests have an empty scope (core.middleware): each view enters the body's scope itself. Nothing a
resident typed about themselves (name, phone), no photo and nothing of another resident is ever shown here: the
station's list shows only matters its staff made public, by excerpt and answer, phone numbers masked. The code
travels only in POST bodies (never in an address a proxy would log); CSRF stays on.
"""

import secrets

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django_scopes import scope

from core.models import Body
from deputies.models import Deputy, PublicMatter, Station
from deputies.models.public_matters import MAX_PHOTOS, PLACE_MAX, TEXT_MAX
from deputies.public.disclosure import mask_phones
from deputies.public_matters import codes, service

DEVICE_COOKIE = "renda_device"
DEVICE_COOKIE_AGE = 365 * 24 * 3600
PUBLIC_LIST = 20


def _device(request) -> tuple[str, str | None]:
    """The device cookie's value, and a new one to set when the phone has none yet."""
    value = request.COOKIES.get(DEVICE_COOKIE, "")
    if len(value) == 32 and value.isalnum():
        return value, None
    value = secrets.token_hex(16)
    return value, value


def _with_device_cookie(response, new_value):
    if new_value:
        response.set_cookie(DEVICE_COOKIE, new_value, max_age=DEVICE_COOKIE_AGE, httponly=True, samesite="Lax",
                            secure=settings.SESSION_COOKIE_SECURE)
    return response


def handled(station=None, deputy=None):
    """The matters the staff made public, newest first: excerpt and answer, phone numbers masked."""
    rows = PublicMatter.objects.filter(is_public=True).exclude(status=PublicMatter.Status.NEW)
    rows = rows.filter(deputy=deputy) if deputy is not None else rows.filter(station=station)
    rows = list(rows.only("id", "text", "answer", "status", "created_at", "answered_at")
                .order_by("-answered_at", "-id")[:PUBLIC_LIST])
    for m in rows:
        m.shown_excerpt = mask_phones(m.excerpt)
        m.shown_answer = mask_phones(m.answer)
    return rows


def _page(request, body, station, deputy):
    device, new_device = _device(request)
    problems, values = {}, {}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in ("text", "place", "name", "phone")}
        ip = get_client_ip_address(request) or ""
        try:
            received = service.submit(station, deputy=deputy, photos=request.FILES.getlist("photos"),
                                      ip_hash=codes.digest(ip, "ip") if ip else "",
                                      device_hash=codes.digest(device, "device"), **values)
        except service.MatterError as error:
            problems["form" if error.field == "__all__" else error.field] = error.message
        else:
            response = render(request, "public/matters/received.html", {
                "body": body, "station": station, "deputy": deputy, "code": received.code,
                "matter": received.matter, "reply_days": service.reply_days()})
            response["Cache-Control"] = "no-store"  # the code is shown once
            return _with_device_cookie(response, new_device)
    deputies = [] if deputy is not None else list(
        Deputy.objects.filter(station=station, status=Deputy.Status.SERVING).only("id", "name").order_by("name"))
    response = render(request, "public/matters/station.html", {
        "body": body, "station": station, "deputy": deputy, "deputies": deputies,
        "handled": handled(station, deputy), "problems": problems, "values": values,
        "text_max": TEXT_MAX, "place_max": PLACE_MAX, "max_photos": MAX_PHOTOS,
        "photo_mb": settings.PUBLIC_MATTER_PHOTO_MAX_MB,
    }, status=429 if "form" in problems else 200)
    return _with_device_cookie(response, new_device)


def station_page(request, body_id, number):
    """/public/<body_id>/stations/<number>/: the station's 码上见代表 page."""
    body = get_object_or_404(Body, pk=body_id)
    with scope(body=body):
        station = get_object_or_404(Station.objects.filter(body=body), number=number)
        return _page(request, body, station, None)


def deputy_page(request, body_id, slug):
    """/public/<body_id>/deputies/<slug>/: a deputy's own page, when they opted in (the slug is random)."""
    body = get_object_or_404(Body, pk=body_id)
    with scope(body=body):
        deputy = get_object_or_404(Deputy.objects.filter(body=body, public_page=True, status=Deputy.Status.SERVING,
                                                         station__isnull=False).exclude(public_slug="")
                                   .select_related("station"), public_slug=slug)
        return _page(request, body, deputy.station, deputy)


def follow(request, body_id):
    """/public/<body_id>/matters/follow/: the receipt code (POST) shows the matter, its answer and timeline; the
    resident rates the answer once. A wrong code says so, whatever the reason, and shows nothing."""
    body = get_object_or_404(Body, pk=body_id)
    with scope(body=body):
        matter, problem, rated = None, "", False
        code = request.POST.get("code", "") if request.method == "POST" else ""
        if request.method == "POST":
            if not code.strip():
                problem = "请输入回执码。"
            else:
                matter = service.find(body, code)
                if matter is None:
                    problem = "回执码不正确，请核对后重新输入（8 位字母和数字）。"
            rating = request.POST.get("rating", "")
            if matter is not None and rating:
                try:
                    matter = service.rate(matter, rating)
                    rated = True
                except service.MatterError as error:
                    problem = error.message
        steps = []
        if matter is not None:
            steps = list(matter.steps.exclude(kind__in=("published", "unpublished")).order_by("at", "pk"))
            for s in steps:
                s.shown_text = mask_phones(s.text) if s.kind != "submitted" else s.text
            matter.photo_count = matter.photos.count()
        response = render(request, "public/matters/follow.html", {
            "body": body, "matter": matter, "problem": problem, "code": codes.normalised(code) if matter else "",
            "steps": steps, "ratings": PublicMatter.Rating.choices, "rated": rated,
        })
        response["Cache-Control"] = "no-store"
        return response
