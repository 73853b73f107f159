"""Routes of the deputies app (roster) that take an id, for tests/renda/test_body_isolation.py.

name: (kwargs builder taking a body, method). Builders create a row for a body that has none.
"""

from datetime import date


def _station(body):
    from deputies.models import Station

    station = Station.objects.filter(body=body).order_by("pk").first()
    return station or Station.objects.create(body=body, kind=Station.Kind.CENTRAL, number=f"ISO{body.pk}",
                                             name=f"{body.short_name or body.name}隔离测试联络站")


def _deputy(body):
    from deputies.models import Deputy

    deputy = Deputy.objects.filter(body=body).order_by("pk").first()
    return deputy or Deputy.objects.create(body=body, name=f"隔离测试代表{body.pk}", gender=Deputy.Gender.MALE,
                                           station=_station(body))


def _reception(body):
    from deputies.models import Reception

    reception = Reception.objects.filter(station__body=body).order_by("pk").first()
    if reception is None:
        reception = Reception.objects.create(station=_station(body), held_on=date(2023, 5, 1), voters=1)
        reception.deputies.set([_deputy(body)])
    return reception


def _pk(builder):
    return lambda body: {"pk": builder(body).pk}


ROUTES = {
    "deputy-detail": (_pk(_deputy), "get"),
    "deputy-edit": (_pk(_deputy), "get"),
    "station-detail": (_pk(_station), "get"),
    "station-edit": (_pk(_station), "get"),
    "reception-edit": (_pk(_reception), "get"),
    "api:deputy-detail": (_pk(_deputy), "get"),
    "api:station-detail": (_pk(_station), "get"),
    "api:reception-detail": (_pk(_reception), "get"),
}
