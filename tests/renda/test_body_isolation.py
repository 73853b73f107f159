"""With two bodies loaded, each body's users see only their own body's data, on every route."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from core.models import Committee, ReportingBody
from meetings.models import AgendaItem, Meeting
from plans.models import AnnualPlan, ItemDocument, PlanEntry, PlanItem, Section
from tests.api_tokens import token_for
from tests.conftest import client_for
from tests.permission_matrix_walk import named_routes

# Routes that show no body data, or are Django's own admin (scoped by the same middleware).
NOT_DATA_ROUTES = {"login", "logout", "api-schema", "api-docs"}
# The portal of deputies and units and the public pages are not staff pages: their isolation (a
# party sees only its own, the public only what is public, each body its own) is tested in
# tests/deputies/test_party_confinement.py and the portal and public tests.
PARTY_ROUTE_PREFIXES = ("portal-", "public-")
# A person's own notifications (someone else's answer 404) and the administrators' log of them
# (their body's only): tested in tests/core/test_notifications.py.
PERSONAL_ROUTE_PREFIXES = ("notification-", "api:notification-", "reminder-")
# The year-end summary takes a year, not an object: it counts the caller's own body only, and an
# unknown year is all zeros, not a 404. Its isolation is tested in tests/reports/test_dashboard.py.
YEAR_ROUTES = {"summary", "summary-xlsx", "summary-docx", "summary-count", "summary-planned", "api:summary",
               # a year figure the office records: each body its own (tests/reports/test_year_figures.py)
               "summary-figure-record"}
# The calendar feeds take no log-in: the secret in the address (or, for the public feed, the body's id) says
# whose feed it is, whoever asks, so "another body's id answers 404" does not apply. That a feed holds nothing
# of another body or committee is tested in tests/reports/test_calendar_feeds.py.
CALENDAR_FEED_ROUTES = {"calendar-feed", "calendar-public"}

# Every route that takes an object id, and how to build its arguments from a body's objects.
# A new route must be added here, or test_every_object_route_is_covered fails.
def _first(model, body, **extra):
    field = {Section: "plan__body", PlanEntry: "plan__body", ItemDocument: "item__body"}.get(model, "body")
    return model.objects.filter(**{field: body}, **extra).order_by("pk").first()


def _pk(model):
    return lambda body: {"pk": _first(model, body).pk}


OBJECT_ROUTES = {
    # name: (kwargs builder, method)
    "plan-detail": (_pk(AnnualPlan), "get"),
    "plan-edit": (_pk(AnnualPlan), "get"),
    "plan-adopt": (_pk(AnnualPlan), "get"),
    "plan-adjust": (_pk(AnnualPlan), "get"),
    "plan-copy": (_pk(AnnualPlan), "get"),
    "section-create": (lambda body: {"plan_pk": _first(AnnualPlan, body).pk}, "get"),
    "section-edit": (lambda body: {"plan_pk": _first(Section, body).plan_id, "pk": _first(Section, body).pk}, "get"),
    "item-create": (lambda body: {"plan_pk": _first(AnnualPlan, body).pk}, "get"),
    "entry-remove": (_pk(PlanEntry), "post"),
    "item-detail": (_pk(PlanItem), "get"),
    "item-edit": (_pk(PlanItem), "get"),
    "item-status": (_pk(PlanItem), "post"),
    "item-note": (_pk(PlanItem), "post"),
    "item-document-upload": (_pk(PlanItem), "post"),
    "document-download": (_pk(ItemDocument), "get"),
    "document-replace": (_pk(ItemDocument), "post"),
    "document-remove": (_pk(ItemDocument), "post"),
    "meeting-detail": (_pk(Meeting), "get"),
    "agenda-fix": (_pk(Meeting), "post"),
    "api:committee-detail": (_pk(Committee), "get"),
    "api:reporting-body-detail": (_pk(ReportingBody), "get"),
    "api:meeting-detail": (_pk(Meeting), "get"),
    "api:plan-detail": (_pk(AnnualPlan), "get"),
    "api:plan-item-detail": (_pk(PlanItem), "get"),
}


# The Excel import (plans/views/imports.py, plans/api/import_views.py): its routes take an import job's id.
# The blank template is a workbook (not text) and holds no body data beyond committee names.
NOT_DATA_ROUTES |= {"plan-import-template"}
# 定稿 of the units' evaluation: a POST of a year that freezes the caller's own body's ranking (the ranking page,
# unit-evaluation, is walked as a list; tests/deputies/test_unit_evaluation_pages.py freezes).
NOT_DATA_ROUTES |= {"unit-evaluation-freeze"}


def _import_job(body):
    from core.models import BackgroundJob

    job = BackgroundJob.objects.filter(body=body, kind="plan_import").order_by("pk").first()
    if job is None:
        job = BackgroundJob.objects.create(body=body, kind="plan_import", params={"year": 2023, "kind": "supervision"})
    return {"job_id": job.pk}


def word_import_job(body):
    """A pending Word import of a line of pasted text (committing it is refused: no items)."""
    from core.imports import engine
    from plans.imports.word_import import WORD_PLAN_IMPORT

    return engine.create_job(WORD_PLAN_IMPORT, body=body, user=None, data="矩阵测试".encode(), filename="粘贴的文字",
                             params={"kind": "supervision", "year": 2023, "source": "paste"})


def _word_import_job(body):
    return {"job_id": word_import_job(body).pk}


OBJECT_ROUTES.update({
    "plan-word-import-preview": (_word_import_job, "get"),
    "plan-word-import-correct": (_word_import_job, "post"),
    "plan-word-import-commit": (_word_import_job, "post"),
    "api:plan-word-import-detail": (_word_import_job, "get"),
    "api:plan-word-import-preview": (_word_import_job, "post"),
    "api:plan-word-import-commit": (_word_import_job, "post"),
    "plan-import-preview": (_import_job, "get"),
    "plan-import-status": (_import_job, "get"),
    "plan-import-mapping": (_import_job, "post"),
    "plan-import-reupload": (_import_job, "post"),
    "plan-import-commit": (_import_job, "post"),
    "api:plan-import-detail": (_import_job, "get"),
    "api:plan-import-preview": (_import_job, "post"),
    "api:plan-import-commit": (_import_job, "post"),
})


def _export_job(body):
    """A finished export of the body's office user (a job is only shown to whoever started it)."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from core.models import BackgroundJob

    job = BackgroundJob.objects.filter(body=body, kind="plan-items-xlsx").first()
    if job is None:
        user = get_user_model().objects.filter(body_memberships__body=body, groups__name="办公室").first()
        job = BackgroundJob.objects.create(
            body=body, kind="plan-items-xlsx", status=BackgroundJob.Status.DONE, created_by=user,
            result={"filename": "计划事项.xlsx", "content_type": "application/octet-stream"},
        )
        job.output_file.save("items.xlsx", ContentFile(b"xlsx"), save=True)
    return {"pk": job.pk}


OBJECT_ROUTES.update({
    "plan-export": (_pk(AnnualPlan), "get"),
    "api:plan-export": (_pk(AnnualPlan), "get"),
    "job-detail": (_export_job, "get"),
    "job-download": (_export_job, "get"),
    "api:plan-item-status": (_pk(PlanItem), "post"),
})

# Agenda and schedule workbooks (meetings/views/exports.py, meetings/api/export_views.py).
def _schedule_year(body):
    """A year in which only this body holds a standing meeting: the other body's year is a 404 there."""
    from meetings.models import MeetingKind

    year = 2090 + body.pk  # within the years an address takes (core/converters.py)
    Meeting.objects.get_or_create(
        body=body, year=year, kind=MeetingKind.STANDING, number=99,
        defaults={"term": body.terms.order_by("-number").first(), "planned_month": 6},
    )
    return {"year": year}


def _year_figure(body):
    from reports.models import YearFigure

    figure, _ = YearFigure.objects.get_or_create(body=body, year=2023, key="filed_documents",
                                                 defaults={"value": 12, "source": f"{body.name}备案审查报告"})
    return {"pk": figure.pk}


OBJECT_ROUTES.update({
    "api:year-figure-detail": (_year_figure, "get"),
    "meeting-agenda-xlsx": (_pk(Meeting), "get"),
    "api:meeting-agenda-xlsx": (_pk(Meeting), "get"),
    "meeting-member-agenda-xlsx": (_pk(Meeting), "get"),
    "api:meeting-member-agenda-xlsx": (_pk(Meeting), "get"),
    "meeting-schedule-xlsx": (_schedule_year, "get"),
    "api:meeting-schedule-xlsx": (_schedule_year, "get"),
})


def _routes():
    lists, details = [], []
    for name, pattern, _path in named_routes():
        if name in NOT_DATA_ROUTES | YEAR_ROUTES | CALENDAR_FEED_ROUTES or name.startswith(
                PARTY_ROUTE_PREFIXES + PERSONAL_ROUTE_PREFIXES + isolation_backoffice.PLATFORM_ROUTE_PREFIXES):
            continue
        # Django routes name their converters; the API router's regex routes name their groups.
        params = set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)
        if "format" in params:
            continue  # the router's ".json" twins of the same views
        (details if params else lists).append(name)
    return sorted(set(lists)), sorted(set(details))


def _client_for_route(username, name):
    """The office user for its pages; the same body's administrator for the set-up pages."""
    if name.startswith(isolation_backoffice.ADMIN_ROUTE_PREFIXES):
        return client_for(isolation_backoffice.ADMINS[username])
    return client_for(username)


def _markers(body):
    """Texts only this body's data contains."""
    texts = isolation_backoffice.markers(body)
    texts += [c.name for c in Committee.objects.filter(body=body)]
    texts += [r.name for r in ReportingBody.objects.filter(body=body)]
    texts += [p.title for p in AnnualPlan.objects.filter(body=body)]
    texts += [i.title[:20] for i in PlanItem.objects.filter(body=body)]
    texts += [a.title[:20] for a in AgendaItem.objects.filter(meeting__body=body)]
    return texts


@pytest.fixture
def two_bodies(baiyun, second_body):
    return baiyun, second_body


def test_every_object_route_is_covered():
    _, details = _routes()
    assert set(details) == set(OBJECT_ROUTES), "add new routes that take an id to OBJECT_ROUTES"


@pytest.mark.parametrize(("username", "own", "other"), [("office", 0, 1), ("office-other", 1, 0)])
def test_list_routes_show_nothing_of_the_other_body(two_bodies, username, own, other):
    clients = {}
    own_markers = _markers(two_bodies[own])
    # Texts both bodies share (an "办公室") or too short to be telling prove nothing.
    other_markers = [m for m in _markers(two_bodies[other]) if len(m) >= 4 and m not in own_markers]
    assert other_markers
    lists, _ = _routes()
    assert lists, "no list routes found"
    seen_own, exports_read = False, 0
    for name in lists:
        admin_route = name.startswith(isolation_backoffice.ADMIN_ROUTE_PREFIXES)
        client = clients.setdefault(admin_route, _client_for_route(username, name))
        for query in ("", "?year=2023"):
            response = client.get(reverse(name) + query)
            assert response.status_code == 200, name
            text = response.content.decode()
            leaked = [m for m in other_markers if m in text]
            assert not leaked, f"{name}{query} shows the other body's {leaked[:3]}"
            seen_own = seen_own or any(m in text for m in own_markers)
            if "export=xlsx" in text:  # the list's own Excel file (core/listing.py), the same rows as the page
                workbook_text = _exported_list_text(client, reverse(name) + (query or "?") + "&export=xlsx")
                leaked = [m for m in other_markers if m in workbook_text]
                assert not leaked, f"{name}{query} exports the other body's {leaked[:3]}"
                exports_read += workbook_text is not None
    assert seen_own, "the lists showed none of the user's own data either"
    assert exports_read, "no list offered its Excel file"


def _exported_list_text(client, url) -> str | None:
    """Every cell of the workbook a list exports at once; None when it goes to a background job instead."""
    from io import BytesIO

    from openpyxl import load_workbook

    response = client.get(url)
    if response.status_code == 302:  # a long list is exported in the background (tested in tests/core)
        return None
    assert response.status_code == 200, url
    workbook = load_workbook(BytesIO(b"".join(response)), read_only=True)
    return "\n".join(str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True)
                      for value in row if value is not None)


@pytest.fixture
def documents(two_bodies):
    for body in two_bodies:
        item = _first(PlanItem, body)
        ItemDocument.objects.create(item=item, title=f"{body.name}报告", file=ContentFile(b"report", name="report.txt"))


@pytest.mark.parametrize(("username", "own", "other"), [("office", 0, 1), ("office-other", 1, 0)])
def test_object_routes_refuse_the_other_bodys_objects(two_bodies, documents, username, own, other):
    clients = {}
    for name, (kwargs_for, method) in OBJECT_ROUTES.items():
        admin_route = name.startswith(isolation_backoffice.ADMIN_ROUTE_PREFIXES)
        client = clients.setdefault(admin_route, _client_for_route(username, name))
        other_url = reverse(name, kwargs=kwargs_for(two_bodies[other]))
        assert getattr(client, method)(other_url).status_code == 404, name
        if method == "get":
            own_url = reverse(name, kwargs=kwargs_for(two_bodies[own]))
            assert client.get(own_url).status_code == 200, name


def test_token_api_user_is_scoped_to_their_body(two_bodies):
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    token = token_for(get_user_model().objects.get(username="office-other"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
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


def test_each_body_sees_its_own_committees_on_item_lists_in_turn(two_bodies):
    """Querysets built once at import would keep the first request's scope; every body must get its own."""
    for username, own_committee in [("office", "财经工委"), ("office-other", "示例区民生工委"), ("office", "财经工委")]:
        for url in (reverse("item-list") + "?year=2023", reverse("my-items")):
            client_for(username).get(url)
        text = client_for(username).get(reverse("item-list") + "?year=2023").content.decode()
        table = text.split("<tbody>", 1)[1]  # the rows, not the filter form's committee choices
        assert own_committee in table, (username, own_committee)


# Materials deadlines (meetings/views/materials.py, meetings/api/material_views.py): routes take a step's id.
def _material_step(body):
    from meetings.models import MaterialStep

    step = MaterialStep.objects.filter(agenda_item__meeting__body=body).order_by("pk").first()
    if step is None:  # a body without report items still needs one step to prove the route is scoped
        item = AgendaItem.objects.filter(meeting__body=body).order_by("pk").first()
        step = MaterialStep.objects.create(agenda_item=item, step=MaterialStep.Step.MATERIALS, due="2023-01-01")
    if not step.document:
        step.document.save("materials.txt", ContentFile(b"materials"), save=True)
    return {"pk": step.pk}


OBJECT_ROUTES.update({
    "meeting-materials": (_pk(Meeting), "get"),
    "material-step-record": (_material_step, "post"),
    "material-step-document": (_material_step, "get"),
    "material-step-document-remove": (_material_step, "post"),
    "api:material-step-detail": (_material_step, "get"),
    "api:material-step-record": (_material_step, "post"),
    "api:material-step-document": (_material_step, "delete"),
})


# Meetings and the agenda builder (meetings/views/editing.py, meetings/api/views.py).
OBJECT_ROUTES.update({
    "meeting-edit": (_pk(Meeting), "get"),
    "meeting-cancel": (_pk(Meeting), "post"),
    "meeting-delete": (_pk(Meeting), "post"),
    "meeting-outcomes": (_pk(Meeting), "get"),
    "agenda-builder": (_pk(Meeting), "get"),
    "agenda-item-create": (_pk(Meeting), "get"),
    "agenda-reorder": (_pk(Meeting), "post"),
    "agenda-item-edit": (lambda body: {"pk": AgendaItem.objects.filter(meeting__body=body).first().pk}, "get"),
    "agenda-item-move": (lambda body: {"pk": AgendaItem.objects.filter(meeting__body=body).first().pk}, "get"),
    "agenda-item-remove": (lambda body: {"pk": AgendaItem.objects.filter(meeting__body=body).first().pk}, "post"),
    "api:agenda-item-detail": (lambda body: {"pk": AgendaItem.objects.filter(meeting__body=body).first().pk}, "get"),
    "api:agenda-item-move": (lambda body: {"pk": AgendaItem.objects.filter(meeting__body=body).first().pk}, "post"),
    "api:meeting-reorder": (_pk(Meeting), "post"),
})


# Review opinions, rectification, livelihood projects, inspections and inquiries (supervision/*_views.py,
# supervision/api/views.py). A body without demo supervision data gets one record of each.
def _supervision(body):
    from supervision.models import Inspection, LivelihoodProject, Rectification, ReviewOpinion, SpecialInquiry

    item = AgendaItem.objects.filter(meeting__body=body).order_by("pk").first()
    opinion = ReviewOpinion.objects.filter(agenda_item__meeting__body=body).order_by("pk").first()
    if opinion is None:
        opinion = ReviewOpinion.objects.create(agenda_item=item, text="审议意见", sent_on="2023-06-01", due_on="2023-08-01")
    if not opinion.document:
        opinion.document.save("opinion.txt", ContentFile(b"opinion"), save=True)
    rect = Rectification.objects.filter(body=body).order_by("pk").first() or Rectification.objects.create(
        body=body, source="opinion", opinion=opinion, what="整改")
    project = LivelihoodProject.objects.filter(body=body).order_by("pk").first() or LivelihoodProject.objects.create(
        body=body, year=2023, number=1, title="民生实事")
    inspection = Inspection.objects.filter(body=body).order_by("pk").first() or Inspection.objects.create(
        body=body, year=2023, title="执法检查", laws="某法")
    inquiry = SpecialInquiry.objects.filter(agenda_item__meeting__body=body).order_by("pk").first()
    if inquiry is None:
        inquiry = SpecialInquiry.objects.create(agenda_item=item, askers="甲", officials="乙")
    follow_up = PlanItem.objects.filter(body=body, form="follow_up").order_by("pk").first()
    if follow_up is None:
        follow_up = PlanItem.objects.filter(body=body).order_by("pk").first()
        follow_up.form = "follow_up"
        follow_up.save()
    return {"opinion": opinion, "rect": rect, "project": project, "inspection": inspection, "inquiry": inquiry,
            "item": item, "follow_up": follow_up}


def _sv(key, kwarg="pk", attr="pk"):
    return lambda body: {kwarg: getattr(_supervision(body)[key], attr)}


OBJECT_ROUTES.update({
    "opinion-create": (_sv("item", "agenda_item_pk"), "get"),
    "opinion-detail": (_sv("opinion"), "get"),
    "opinion-send": (_sv("opinion"), "post"),
    "opinion-document": (_sv("opinion"), "get"),
    "opinion-file": (_sv("opinion"), "post"),
    "followup-detail": (_sv("follow_up", "plan_item_pk"), "get"),
    "rectification-detail": (_sv("rect"), "get"),
    "rectification-note": (_sv("rect"), "post"),
    "rectification-close": (_sv("rect"), "post"),
    "rectification-schedule": (_sv("rect"), "post"),
    "livelihood-detail": (_sv("project"), "get"),
    "livelihood-progress": (_sv("project"), "post"),
    "inspection-detail": (_sv("inspection"), "get"),
    "inspection-edit": (_sv("inspection"), "get"),
    "inquiry-edit": (_sv("inquiry", "agenda_item_pk", "agenda_item_id"), "get"),
    "api:review-opinion-detail": (_sv("opinion"), "get"),
    "api:review-opinion-respond": (_sv("opinion"), "post"),
    "api:rectification-detail": (_sv("rect"), "get"),
    "api:rectification-notes": (_sv("rect"), "post"),
    "api:rectification-close": (_sv("rect"), "post"),
    "api:livelihood-project-detail": (_sv("project"), "get"),
    "api:livelihood-project-progress": (_sv("project"), "post"),
    "api:inspection-detail": (_sv("inspection"), "get"),
    "api:special-inquiry-detail": (_sv("inquiry"), "get"),
})


# Satisfaction evaluations (supervision/views/evaluations.py, supervision/api/evaluation_views.py).
def _evaluation(body):
    from supervision import evaluations as service
    from supervision.models import Evaluation

    evaluation = Evaluation.objects.filter(agenda_item__meeting__body=body).order_by("pk").first()
    if evaluation is None:
        item = AgendaItem.objects.filter(meeting__body=body).order_by("pk").first()
        evaluation = service.create_evaluation(item, service.SOURCE_REPORT, report_label="报告")
    return {"pk": evaluation.pk}


def _evaluation_rectification(body):
    from supervision.models import Rectification

    rect = Rectification.objects.filter(body=body, evaluation_subject__isnull=False).order_by("pk").first()
    if rect is None:
        from supervision.models import EvaluationSubject

        subject = EvaluationSubject.objects.get(evaluation_id=_evaluation(body)["pk"])
        rect = Rectification.objects.create(body=body, source="evaluation", evaluation_subject=subject, what="整改",
                                            needs_new_report=True)
    return {"pk": rect.pk}


OBJECT_ROUTES.update({
    "evaluation-detail": (_evaluation, "get"),
    "evaluation-entry": (_evaluation, "get"),
    "evaluation-new-report": (_evaluation_rectification, "post"),
    "department-evaluations": (lambda body: {"reporting_body_pk": _first(ReportingBody, body).pk}, "get"),
    "api:evaluation-detail": (_evaluation, "get"),
    "api:evaluation-counts": (_evaluation, "post"),
})


# Calendar subscriptions (reports/calendars/): a link of the body's office user.
def _calendar_feed(body):
    from django.contrib.auth import get_user_model

    from core.models import CalendarFeed

    user = get_user_model().objects.filter(body_memberships__body=body, groups__name="办公室").order_by("pk").first()
    feed, _ = CalendarFeed.objects.get_or_create(body=body, user=user, kind="personal")
    return {"pk": feed.pk}


OBJECT_ROUTES.update({
    "calendar-renew": (_calendar_feed, "post"),
    "api:calendar-feed-detail": (_calendar_feed, "get"),
    "api:calendar-feed-renew": (_calendar_feed, "post"),
})


# Deputies, stations and suggestions: each part keeps its routes in its own module.
from tests import (  # noqa: E402
    isolation_activities,
    isolation_duty,
    isolation_roster,
    isolation_suggestions,
    isolation_transfer,
)

for _part in (isolation_roster, isolation_suggestions, isolation_transfer, isolation_activities, isolation_duty):
    OBJECT_ROUTES.update(_part.ROUTES)
NOT_DATA_ROUTES |= isolation_duty.NOT_DATA_ROUTES

from tests import isolation_suggestions_api, isolation_threads  # noqa: E402

OBJECT_ROUTES.update(isolation_threads.ROUTES)

OBJECT_ROUTES.update(isolation_suggestions_api.ROUTES)

from tests import (
    isolation_online,  # noqa: E402
    isolation_public_matters,  # noqa: E402
)

OBJECT_ROUTES.update(isolation_public_matters.ROUTES)

OBJECT_ROUTES.update(isolation_online.ROUTES)
NOT_DATA_ROUTES |= isolation_online.NOT_DATA_ROUTES

# The back office: each body administrator's set-up pages (tests/isolation_backoffice.py).
from tests import isolation_backoffice  # noqa: E402

OBJECT_ROUTES.update(isolation_backoffice.ROUTES)
NOT_DATA_ROUTES |= isolation_backoffice.NOT_DATA_ROUTES


def _post_as_the_form_would(client, url, data):
    """Post `data` with the version the edit page hands out, so only the choices decide."""
    import re

    marker = re.search(r'name="version_marker" value="([^"]*)"', client.get(url).content.decode())
    return client.post(url, {**data, "version_marker": marker.group(1)} if marker else data)


@pytest.mark.parametrize(("username", "own", "other"), [("admin", 0, 1), ("admin-other", 1, 0)])
def test_settings_forms_refuse_the_other_bodys_ids(two_bodies, username, own, other):
    """Every settings form posted with another body's committee, pair, liaison committee or user:
    refused, nothing saved; the same form with the body's own choices saves (so the refusal is the
    other body's id, not a form error of another kind)."""
    client = client_for(username)
    refused = isolation_backoffice.forms_with_choices_of(two_bodies[own], two_bodies[other])
    for name, kwargs, data in refused:
        url = reverse(name, kwargs=kwargs or None)
        before = isolation_backoffice.fingerprint()
        response = _post_as_the_form_would(client, url, data)
        assert response.status_code in (200, 400), f"{name}: {response.status_code}"
        assert isolation_backoffice.fingerprint() == before, f"{name} saved another body's id"
    for name, kwargs, data in isolation_backoffice.forms_with_choices_of(two_bodies[own], two_bodies[own]):
        before = isolation_backoffice.fingerprint()
        response = _post_as_the_form_would(client, reverse(name, kwargs=kwargs or None), data)
        assert response.status_code == 302, f"{name}: the control with the body's own choices was refused"
        assert isolation_backoffice.fingerprint() != before, name
