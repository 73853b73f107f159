"""QR codes of the public pages and the stations' A4 posters.

The QR is drawn by segno (pure Python, no Pillow): PNG for printing and for the poster page, SVG for a print
shop. The poster itself is an A4 HTML page with print CSS (templates/deputies/public_matters/poster.html): the
station's name, address and the QR; the browser prints it or saves it as PDF. Text is not drawn into the PNG
because the app ships no CJK font (Debian's fonts-noto-cjk is only installed on test machines), while every
browser and printer driver that shows the page has one.
"""

import io
from urllib.parse import quote

import segno
from django.http import HttpResponse
from django.urls import reverse


def station_url(request, station) -> str:
    return request.build_absolute_uri(reverse("public-station", kwargs={"body_id": station.body_id,
                                                                        "number": station.number}))


def deputy_url(request, deputy) -> str:
    return request.build_absolute_uri(reverse("public-deputy", kwargs={"body_id": deputy.body_id,
                                                                       "slug": deputy.public_slug}))


def qr_bytes(url: str, kind: str = "png", scale: int = 12) -> bytes:
    qr = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    if kind == "svg":
        qr.save(out, kind="svg", scale=scale, border=2, xmldecl=True)
    else:
        qr.save(out, kind="png", scale=scale, border=2)
    return out.getvalue()


def qr_response(url: str, kind: str, filename: str) -> HttpResponse:
    content_type = "image/svg+xml" if kind == "svg" else "image/png"
    response = HttpResponse(qr_bytes(url, kind), content_type=content_type)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
