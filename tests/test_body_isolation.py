"""With two bodies loaded, each body's users see only their own body's data, on every route."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token

from plans.models import AgendaItem, AnnualPlan, Committee, Meeting, PlanItem, ReportingBody
from tests.conftest import client_for

# Routes that show no body data, or are Django's own admin (scoped by the same middleware).
NOT_DATA_ROUTES = {"login", "logout", "api-schema", "api-docs"}

# Every detail route and the model whose primary key it takes. A new detail route must be
# added here, or test_every_detail_route_is_covered fails.
DETAIL_ROUTES = {
    "plan-detail": AnnualPlan,
    "item-detail": PlanItem,
    "meeting-detail": Meeting,
    "api:committee-detail": Committee,
    "api:reporting-body-detail": ReportingBody,
    "api:meeting-detail": Meeting,
    "api:plan-detail": AnnualPlan,
    "api:plan-item-detail": PlanItem,
}


def _named_routes(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_routes(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def _routes():
    lists, details = [], []
    for name, pattern in _named_routes():
        if name in NOT_DATA_ROUTES:
            continue
        # Django routes name their converters; the API router's regex routes name their groups.
        params = set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)
        if params - {"pk", "format"}:
            continue
        if "format" in params:
            continue  # the router's ".json" twins of the same views
        (details if "pk" in params else lists).append(name)
    return sorted(set(lists)), sorted(set(details))


def _markers(body):
    """Texts only this body's data contains."""
    texts = [c.name for c in Committee.objects.filter(body=body)]
    texts += [r.name for r in ReportingBody.objects.filter(body=body)]
    texts += [p.title for p in AnnualPlan.objects.filter(body=body)]
    texts += [i.title[:20] for i in PlanItem.objects.filter(body=body)]
    texts += [a.title[:20] for a in AgendaItem.objects.filter(meeting__body=body)]
    return texts


@pytest.fixture
def two_bodies(baiyun, second_body):
    return baiyun, second_body


def test_every_detail_route_is_covered():
    _, details = _routes()
    assert set(details) == set(DETAIL_ROUTES), "add new detail routes to DETAIL_ROUTES"


@pytest.mark.parametrize(("username", "own", "other"), [("office", 0, 1), ("office-other", 1, 0)])
def test_list_routes_show_nothing_of_the_other_body(two_bodies, username, own, other):
    client = client_for(username)
    own_markers = _markers(two_bodies[own])
    # Texts both bodies share (an "办公室") or too short to be telling prove nothing.
    other_markers = [m for m in _markers(two_bodies[other]) if len(m) >= 4 and m not in own_markers]
    assert other_markers
    lists, _ = _routes()
    assert lists, "no list routes found"
    seen_own = False
    for name in lists:
        for query in ("", "?year=2023"):
            response = client.get(reverse(name) + query)
            assert response.status_code == 200, name
            text = response.content.decode()
            leaked = [m for m in other_markers if m in text]
            assert not leaked, f"{name}{query} shows the other body's {leaked[:3]}"
            seen_own = seen_own or any(m in text for m in own_markers)
    assert seen_own, "the lists showed none of the user's own data either"


@pytest.mark.parametrize(("username", "own", "other"), [("office", 0, 1), ("office-other", 1, 0)])
def test_detail_routes_refuse_the_other_bodys_objects(two_bodies, username, own, other):
    client = client_for(username)
    for name, model in DETAIL_ROUTES.items():
        body_field = "meeting__body" if model is AgendaItem else "body"
        own_obj = model.objects.filter(**{body_field: two_bodies[own]}).first()
        other_obj = model.objects.filter(**{body_field: two_bodies[other]}).first()
        assert own_obj and other_obj, f"fixture lacks {model.__name__} rows"
        assert client.get(reverse(name, kwargs={"pk": own_obj.pk})).status_code == 200, name
        assert client.get(reverse(name, kwargs={"pk": other_obj.pk})).status_code == 404, name


def test_token_api_user_is_scoped_to_their_body(two_bodies):
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    token = Token.objects.create(user=get_user_model().objects.get(username="office-other"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get(reverse("api:meeting-list"))
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == set(Meeting.objects.filter(body=two_bodies[1]).values_list("id", flat=True))
    baiyun_item = PlanItem.objects.filter(body=two_bodies[0]).first()
    assert api.get(reverse("api:plan-item-detail", kwargs={"pk": baiyun_item.pk})).status_code == 404


def test_user_without_a_body_sees_no_data(two_bodies):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("nobody", password="x")
    client = client_for("nobody")
    response = client.get(reverse("api:plan-item-list"))
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert "第十三次会议" not in client.get(reverse("home") + "?year=2023").content.decode()
