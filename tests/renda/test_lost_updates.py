"""No lost updates on any record (issue 21, point 7b).

Pages: two people open the same edit form; the first saves, the second is refused with a message naming the
record kind, nothing of theirs is saved and the first change stays. API: a stale `version` (or If-Match) is 409,
PATCH {} changes nothing, PATCH with one field changes only it, PUT without a required field is 400.
"""

from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import Body
from deputies.models import Deputy, Reception, Station, Training
from meetings.models import AgendaItem, MaterialStep, Meeting
from plans.models import AnnualPlan, PlanItem, Section
from supervision.models import Inspection, LivelihoodProject, ReviewOpinion, SpecialInquiry
from tests.conftest import client_for
from tests.versioned_posts import with_version

STALE = "已被他人修改，请刷新后重新填写"


class _FormValues(HTMLParser):
    """What a browser would post from the page's form that carries a version marker (files left out)."""

    def __init__(self):
        super().__init__()
        self.forms, self.current, self.select, self.textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.current = []
            self.forms.append(self.current)
        elif self.current is None or "disabled" in a:
            return
        elif tag == "input" and a.get("name") and a.get("type", "text") not in ("file", "submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.current.append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self.select = a["name"]
        elif tag == "option" and self.select and "selected" in a:
            self.current.append((self.select, a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.current.append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.current = None


def opened(client, url) -> dict:
    """The edit form as the page shows it now: {name: value or [values]}."""
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _FormValues()
    parser.feed(response.content.decode())
    form = next(f for f in parser.forms if any(name.endswith("version_marker") for name, _ in f))
    data = {}
    for name, value in form:
        data.setdefault(name, []).append(value)
    return {k: v[0] if len(v) == 1 else v for k, v in data.items() if k != "csrfmiddlewaretoken"}


def _opinion():
    return ReviewOpinion.objects.filter(response_on__isnull=False).select_related("agenda_item").first()


# (user, record, its edit page, the field changed, how the saved value is read)
PAGES = {
    "meeting": ("office", lambda: Meeting.objects.order_by("pk").first(),
                lambda m: reverse("meeting-edit", args=[m.pk]), "place", lambda m: m.place),
    "agenda item": ("office", lambda: AgendaItem.objects.order_by("pk").first(),
                    lambda i: reverse("agenda-item-edit", args=[i.pk]), "title", lambda i: i.title),
    "outcome": ("office", lambda: AgendaItem.objects.filter(meeting__date__isnull=False).order_by("pk").first(),
                lambda i: reverse("meeting-outcomes", args=[i.meeting_id]), "a{pk}-resolution_title",
                lambda i: i.resolution_title),
    "plan": ("office", lambda: AnnualPlan.objects.order_by("pk").first(),
             lambda p: reverse("plan-edit", args=[p.pk]), "title", lambda p: p.title),
    "section": ("office", lambda: Section.objects.order_by("pk").first(),
                lambda s: reverse("section-edit", args=[s.plan_id, s.pk]), "heading", lambda s: s.heading),
    "opinion response": ("office", _opinion, lambda o: reverse("opinion-detail", args=[o.pk]), "assessment_note",
                         lambda o: o.assessment_note),
    "inspection": ("office", lambda: Inspection.objects.order_by("pk").first(),
                   lambda i: reverse("inspection-edit", args=[i.pk]), "title", lambda i: i.title),
    "inquiry": ("office", lambda: SpecialInquiry.objects.order_by("pk").first(),
                lambda q: reverse("inquiry-edit", args=[q.agenda_item_id]), "note", lambda q: q.note),
    "station": ("office", lambda: Station.objects.order_by("pk").first(),
                lambda s: reverse("station-edit", args=[s.pk]), "address", lambda s: s.address),
    "reception": ("office", lambda: Reception.objects.order_by("pk").first(),
                  lambda r: reverse("reception-edit", args=[r.pk]), "note", lambda r: r.note),
    "body": ("platform", lambda: Body.objects.order_by("pk").first(),
             lambda b: reverse("platform-body-edit", args=[b.pk]), "short_name", lambda b: b.short_name),
}


@pytest.mark.parametrize("kind", list(PAGES))
def test_two_people_saving_the_same_record_the_second_is_refused_and_the_first_change_kept(baiyun, kind):
    username, find, url_of, field, saved_value = PAGES[kind]
    record = find()
    assert record is not None, kind
    url, field = url_of(record), field.format(pk=record.pk)
    first, second = client_for(username), client_for(username)
    mine, theirs = opened(first, url), opened(second, url)
    assert field in mine, (kind, sorted(mine))

    mine[field] = "第一人的修改"
    assert first.post(url, mine).status_code == 302, kind
    theirs[field] = "第二人的修改"
    response = second.post(url, theirs)

    assert response.status_code in (200, 400), kind
    page = response.content.decode()
    assert STALE in page, kind
    assert "第二人的修改" in page  # what they typed is kept on the page
    record.refresh_from_db()
    assert saved_value(record) == "第一人的修改"


def test_a_form_posted_without_its_marker_is_refused(baiyun):
    meeting = Meeting.objects.order_by("pk").first()
    url = reverse("meeting-edit", args=[meeting.pk])
    data = opened(client_for("office"), url)
    del data["version_marker"]
    data["place"] = "脚本"
    response = client_for("office").post(url, data)
    assert "缺少版本标记" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.place != "脚本"


# --- the API -----------------------------------------------------------------------------------------


def _api(username="office") -> APIClient:
    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username=username))
    return api


# (endpoint, record, a text field to change, a required field)
ENDPOINTS = {
    "meeting": ("meeting", lambda: Meeting.objects.order_by("pk").first(), "place", "term"),
    "agenda-item": ("agenda-item", lambda: AgendaItem.objects.order_by("pk").first(), "title", "title"),
    "inspection": ("inspection", lambda: Inspection.objects.order_by("pk").first(), "laws", "title"),
    "special-inquiry": ("special-inquiry", lambda: SpecialInquiry.objects.order_by("pk").first(), "note",
                        "question_count"),
    "livelihood-project": ("livelihood-project", lambda: LivelihoodProject.objects.order_by("pk").first(), "title",
                           "year"),
    "station": ("station", lambda: Station.objects.order_by("pk").first(), "address", "name"),
    "reception": ("reception", lambda: Reception.objects.order_by("pk").first(), "note", "held_on"),
}


def _detail(name, obj):
    return reverse(f"api:{name}-detail", args=[obj.pk])


def _snapshot(obj):
    fresh = type(obj).objects.get(pk=obj.pk)
    return {f.attname: getattr(fresh, f.attname) for f in fresh._meta.concrete_fields}


@pytest.mark.parametrize("kind", list(ENDPOINTS))
def test_api_stale_version_is_409_and_changes_nothing(baiyun, kind):
    name, find, field, _ = ENDPOINTS[kind]
    obj = find()
    api = _api()
    read = api.get(_detail(name, obj))
    assert read.status_code == 200 and read.data["version"] and read["ETag"] == f'"{read.data["version"]}"'
    assert api.patch(_detail(name, obj), {field: "先改的", "version": read.data["version"]},
                     format="json").status_code == 200
    before = _snapshot(obj)
    late = api.patch(_detail(name, obj), {field: "后改的", "version": read.data["version"]}, format="json")
    assert late.status_code == 409 and "已被他人修改" in late.data["detail"]
    assert late.data["current"][field] == "先改的"
    by_header = api.patch(_detail(name, obj), {field: "后改的"}, format="json", HTTP_IF_MATCH=read["ETag"])
    assert by_header.status_code == 409
    assert _snapshot(obj) == before


@pytest.mark.parametrize("kind", list(ENDPOINTS))
def test_api_patch_changes_only_what_it_names_and_put_is_a_full_update(baiyun, kind):
    name, find, field, required = ENDPOINTS[kind]
    obj = find()
    api = _api()
    url = _detail(name, obj)
    before = _snapshot(obj)
    assert api.patch(url, with_version(api, url, {}), format="json").status_code == 200
    assert _snapshot(obj) == before  # PATCH {} changes nothing

    assert api.patch(url, with_version(api, url, {field: "只改这一项"}), format="json").status_code == 200
    after = _snapshot(obj)
    assert after[field] == "只改这一项"
    assert {k: v for k, v in after.items() if k != field} == {k: v for k, v in before.items() if k != field}

    put = api.put(url, with_version(api, url, {field: "整体替换"} if field != required else {}), format="json")
    assert put.status_code == 400 and required in put.data  # PUT is the whole record: a required field missing
    assert _snapshot(obj) == after


# Every versioned update (issue 21, 7b): the version read must come with it, in the body or as If-Match.
NEEDS_VERSION = {
    **{kind: (name, find, field) for kind, (name, find, field, _) in ENDPOINTS.items()},
    "material-step": ("material-step", lambda: MaterialStep.objects.order_by("pk").first(), "note"),
    "training": ("training", lambda: Training.objects.order_by("pk").first(), "note"),
    "plan-item": ("plan-item", lambda: PlanItem.objects.filter(entries__isnull=False).order_by("pk").first(),
                  "focus"),
    "deputy": ("deputy", lambda: Deputy.objects.order_by("pk").first(), "work_unit"),
}


@pytest.mark.parametrize("method", ["patch", "put"])
@pytest.mark.parametrize("kind", list(NEEDS_VERSION))
def test_api_update_without_the_version_read_is_refused_naming_the_record_and_how_to_send_it(baiyun, kind, method):
    name, find, field = NEEDS_VERSION[kind]
    obj = find()
    assert obj is not None, kind
    api = _api()
    url = _detail(name, obj)
    read = api.get(url)
    before = _snapshot(obj)
    response = getattr(api, method)(url, {field: "没带版本"}, format="json")
    if kind == "material-step" and method == "put":  # recorded, never replaced: PUT is not a method of its own
        assert response.status_code == 405
        return
    assert response.status_code == 400, (kind, response.status_code)
    what = type(obj)._meta.verbose_name
    assert any(f"修改{what}时须提供读取时的 version（请求体）或 If-Match 头" in m for m in response.data["version"]), \
        response.data
    assert _snapshot(obj) == before
    # The same update with the version read as If-Match (the detail's ETag) gets past the check.
    if method == "patch":
        by_header = api.patch(url, {field: "带了版本"}, format="json", HTTP_IF_MATCH=read["ETag"])
        assert by_header.status_code == 200, (kind, by_header.data)
        assert _snapshot(obj)[field] == "带了版本"


def test_material_step_patch_of_nothing_changes_nothing(baiyun):
    step = MaterialStep.objects.filter(done_on__isnull=False).exclude(note="").order_by("pk").first() or \
        MaterialStep.objects.filter(done_on__isnull=False).order_by("pk").first()
    before = _snapshot(step)
    url = reverse("api:material-step-detail", args=[step.pk])
    assert _api().patch(url, with_version(_api(), url, {}), format="json").status_code == 200
    assert _snapshot(step) == before
    assert _api().patch(url, with_version(_api(), url, {"note": "只补一句"}), format="json").status_code == 200
    step.refresh_from_db()
    assert (step.done_on, step.note) == (before["done_on"], "只补一句")
    stale = _api().patch(url, {"note": "迟到的", "version": "0" * 16}, format="json")
    assert stale.status_code == 409
    step.refresh_from_db()
    assert step.note == "只补一句"


def test_plan_item_patch_needs_only_what_it_changes(baiyun):
    item = PlanItem.objects.filter(entries__isnull=False).order_by("pk").first()
    before = (item.title, item.form, item.timing_kind, sorted(item.reporting_bodies.values_list("pk", flat=True)))
    url = reverse("api:plan-item-detail", args=[item.pk])
    response = _api().patch(url, {"focus": "只改重点", "version": item.version}, format="json")
    assert response.status_code == 200, response.data
    item.refresh_from_db()
    assert item.focus == "只改重点"
    assert (item.title, item.form, item.timing_kind,
            sorted(item.reporting_bodies.values_list("pk", flat=True))) == before
    put = _api().put(url, {"focus": "整体", "version": item.version}, format="json")
    assert put.status_code == 400 and "title" in put.data
