"""Staff routes of the stations' public channel that take an id (matters residents leave, their photos, the
stations' posters and QR codes), for tests/renda/test_body_isolation.py and the permission matrix.

name: (kwargs builder taking a body, method). Builders create what a body lacks: a matter with one photo.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def matter_of(body):
    from deputies.models import PublicMatter, Station
    from deputies.public_matters import service

    matter = PublicMatter.objects.filter(body=body, photos__isnull=False).order_by("pk").first()
    if matter is None:
        station = Station.objects.filter(body=body).order_by("pk").first()
        matter = service.submit(station, text=f"{body.name}隔离测试群众反映事项",
                                photos=[SimpleUploadedFile("p.png", PNG)]).matter
    return matter


def _matter(body):
    return {"pk": matter_of(body).pk}


def _photo(body):
    return {"pk": matter_of(body).pk, "n": 1}


def _station(body):
    from deputies.models import Station

    return {"pk": Station.objects.filter(body=body).order_by("pk").first().pk}


ROUTES = {
    "matter-detail": (_matter, "get"),
    "matter-step": (_matter, "post"),
    "matter-photo": (_photo, "get"),
    "station-poster": (_station, "get"),
    "station-qr-png": (_station, "get"),
    "station-qr-svg": (_station, "get"),
    "api:public-matter-detail": (_matter, "get"),
    "api:public-matter-step": (_matter, "post"),
}
