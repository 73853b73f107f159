"""Calendar feeds (reports/calendars/): each role's feed holds exactly its events, committees' and bodies'
feeds never hold another's, links can be renewed, and a link stops working when its owner may no longer read it."""

from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from core.models import CalendarFeed, Committee, ReportingBody, UnitContact
from deputies.models import Assignment, CongressSession, Deputy, MeetingAttendance, Suggestion
from meetings.models import AgendaItem, MaterialStep, Meeting
from supervision.models import Rectification, ReviewOpinion
from tests.conftest import client_for

TODAY = date(2023, 7, 3)  # the demo's day (DEMO_TODAY)
FIRST, LAST = TODAY - timedelta(days=365), TODAY + timedelta(days=730)
AWAITING = ("assigned", "handling", "rehandling")
NOON = f"{TODAY.isoformat()} 12:00 +0800"


@pytest.fixture(autouse=True)
def on_the_demo_day():
    with time_machine.travel(NOON, tick=False):
        yield


def _committee(body, name):
    return Committee.objects.get(body=body, short_name=name)


def _agenda_item(body, name, other=None):
    rows = AgendaItem.objects.filter(meeting__body=body, committees=_committee(body, name),
                                     meeting__date__gte=FIRST, meeting__date__lte=LAST, material_steps__isnull=False)
    if other:
        rows = rows.exclude(committees=_committee(body, other))
    return rows.distinct().order_by("pk").first()


@pytest.fixture
def work(baiyun, second_body):
    """Open deadlines the demo does not have (its materials are all done): one set for 财经工委, one for
    社会建设工委, a 列席 of the demo deputy and of another deputy, and the second body's own."""
    made = {}
    for name, other in (("财经工委", "社会建设工委"), ("社会建设工委", "财经工委")):
        item = _agenda_item(baiyun, name, other)
        step = item.material_steps.order_by("pk").first()
        step.done_on = None
        step.due = TODAY + timedelta(days=10)
        step.save()
        opinion = ReviewOpinion.objects.create(agenda_item=item, committee=_committee(baiyun, name),
                                               reporting_body=ReportingBody.objects.get(body=baiyun, pk=6)
                                               if name == "财经工委" else None,
                                               text=f"{name}日历审议意见", sent_on=TODAY, due_on=TODAY + timedelta(days=60))
        rect = Rectification.objects.create(body=baiyun, source="opinion", opinion=opinion,
                                            committee=_committee(baiyun, name), what=f"{name}日历整改",
                                            reporting_body=opinion.reporting_body,
                                            due_on=TODAY + timedelta(days=90))
        made[name] = {"item": item, "step": step, "opinion": opinion, "rect": rect}
    deputy = Deputy.objects.get(user__username="deputy-demo")
    standing = Meeting.objects.filter(body=baiyun, kind="standing", date__gte=TODAY).order_by("date")
    MeetingAttendance.objects.create(body=baiyun, meeting=standing[0], deputy=deputy)
    another = Deputy.objects.filter(body=baiyun).exclude(pk=deputy.pk).first()
    MeetingAttendance.objects.create(body=baiyun, meeting=standing[1], deputy=another)
    made["attended"], made["not attended"] = standing[0], standing[1]
    return made


def _feed(username, kind="personal", committee=None) -> Calendar:
    client = client_for(username)
    assert client.get(reverse("calendar-subscriptions")).status_code == 200  # the page makes the links
    feed = CalendarFeed.objects.get(user__username=username, kind=kind, committee=committee)
    response = Client().get(reverse("calendar-feed", args=[feed.secret]))  # no log-in: the secret is the key
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    return Calendar.from_ical(response.content)


def _uids(calendar) -> set[str]:
    return {str(e["UID"]) for e in calendar.walk("VEVENT")}


def _u(kind, rows, body) -> set[str]:
    return {f"{kind}-{pk}@renda.{body.pk}" for pk in rows.values_list("pk", flat=True).distinct()}


def _meetings(body, kinds):
    return Meeting.objects.filter(body=body, kind__in=kinds, date__gte=FIRST, date__lte=LAST)


def _committee_work(body, committee):
    return (_u("agenda-item", AgendaItem.objects.filter(meeting__body=body, committees=committee,
                                                        meeting__date__gte=FIRST, meeting__date__lte=LAST), body)
            | _u("material-step", MaterialStep.objects.filter(agenda_item__meeting__body=body, done_on=None,
                                                              agenda_item__committees=committee,
                                                              due__gte=FIRST, due__lte=LAST), body)
            | _u("opinion", ReviewOpinion.objects.filter(committee=committee, response_on=None,
                                                         due_on__gte=FIRST, due_on__lte=LAST), body)
            | _u("rectification", Rectification.objects.filter(committee=committee, status="open",
                                                               due_on__gte=FIRST, due_on__lte=LAST), body))


def _expected(username, body) -> set[str]:
    """Each role's events, counted from the models as the README says what each role gets."""
    if username == "office":
        return (_u("meeting", _meetings(body, ("standing", "chairpersons", "congress")), body)
                | _u("material-step", MaterialStep.objects.filter(agenda_item__meeting__body=body, done_on=None,
                                                                  due__gte=FIRST, due__lte=LAST), body))
    if username == "director":
        return _u("meeting", _meetings(body, ("standing", "chairpersons", "congress")), body)
    if username.startswith("lead-"):
        committee = Committee.objects.get(memberships__user__username=username)
        return _u("meeting", _meetings(body, ("standing", "congress")), body) | _committee_work(body, committee)
    if username == "deputy-demo":
        deputy = Deputy.objects.get(user__username=username)
        attended = MeetingAttendance.objects.filter(deputy=deputy).values("meeting")
        return (_u("meeting", _meetings(body, ("congress",)), body)
                | _u("meeting", _meetings(body, ("standing",)).filter(pk__in=attended), body)
                | _u("session", CongressSession.objects.filter(body=body, start_on__gte=FIRST, start_on__lte=LAST),
                     body)
                | _u("suggestion-reply", Suggestion.objects.filter(
                    signatures__deputy=deputy, status__in=AWAITING, reply_due_on__gte=FIRST, reply_due_on__lte=LAST),
                    body))
    if username == "unit-demo":
        unit = UnitContact.objects.get(user__username=username).unit
        return (_u("agenda-item", AgendaItem.objects.filter(meeting__body=body, reporting_bodies=unit,
                                                            meeting__date__gte=FIRST, meeting__date__lte=LAST), body)
                | _u("assignment", Assignment.objects.filter(unit=unit, active=True, suggestion__status__in=AWAITING,
                                                             due_on__gte=FIRST, due_on__lte=LAST), body)
                | _u("opinion", ReviewOpinion.objects.filter(reporting_body=unit, response_on=None,
                                                             due_on__gte=FIRST, due_on__lte=LAST), body)
                | _u("rectification", Rectification.objects.filter(reporting_body=unit, status="open",
                                                                   due_on__gte=FIRST, due_on__lte=LAST), body))
    raise AssertionError(username)


@pytest.mark.parametrize(("username", "at_least"), [
    ("office", 9), ("director", 8), ("lead-caijing", 10), ("lead-shehui", 10), ("deputy-demo", 2), ("unit-demo", 3),
])
def test_each_roles_feed_holds_exactly_its_events(baiyun, work, username, at_least):
    calendar = _feed(username)
    uids = _uids(calendar)
    assert uids == _expected(username, baiyun)
    assert len(uids) >= at_least  # the demo gives each role something to see
    assert str(calendar["X-WR-CALNAME"]).startswith(baiyun.name)
    for event in calendar.walk("VEVENT"):  # all-day events with a stamp
        assert event["DTSTART"].params.get("VALUE") == "DATE" or isinstance(event.decoded("DTSTART"), date)
        assert "DTSTAMP" in event


def test_a_committee_member_sees_their_committees_work_and_no_other(baiyun, work):
    uids = _uids(_feed("lead-caijing"))
    own, other = work["财经工委"], work["社会建设工委"]
    for kind, key in (("agenda-item", "item"), ("material-step", "step"), ("opinion", "opinion"),
                      ("rectification", "rect")):
        assert f"{kind}-{own[key].pk}@renda.{baiyun.pk}" in uids
        assert f"{kind}-{other[key].pk}@renda.{baiyun.pk}" not in uids
    chairs = _meetings(baiyun, ("chairpersons",)).values_list("pk", flat=True)
    assert chairs and not {f"meeting-{pk}@renda.{baiyun.pk}" for pk in chairs} & uids  # 主任会议: not theirs


def test_a_committee_feed_holds_its_committee_only(baiyun, work):
    caijing = _committee(baiyun, "财经工委")
    calendar = _feed("lead-caijing", "committee", caijing)
    assert _uids(calendar) == _committee_work(baiyun, caijing)
    assert "财经工委" in str(calendar["X-WR-CALNAME"])
    text = client_for("lead-caijing").get(reverse("calendar-subscriptions")).content.decode()
    assert "财经工委日历" in text and "社会建设工委日历" not in text
    # No link of lead-caijing's to another committee's feed exists, by the page or the API.
    assert not CalendarFeed.objects.filter(user__username="lead-caijing", committee__short_name="社会建设工委").exists()
    kinds = {(row["kind"], row["committee_name"]) for row in
             client_for("lead-caijing").get("/api/v1/calendar-feeds/").json()["results"]}
    assert kinds == {("personal", None), ("committee", "财经工委")}
    # The office follows every committee.
    office_page = client_for("office").get(reverse("calendar-subscriptions")).content.decode()
    assert "财经工委日历" in office_page and "社会建设工委日历" in office_page


def test_the_deputys_feed_has_their_listed_meeting_and_not_anothers(baiyun, work):
    uids = _uids(_feed("deputy-demo"))
    assert f"meeting-{work['attended'].pk}@renda.{baiyun.pk}" in uids
    assert f"meeting-{work['not attended'].pk}@renda.{baiyun.pk}" not in uids
    sessions = CongressSession.objects.filter(body=baiyun)
    in_window = _u("session", sessions.filter(start_on__gte=FIRST, start_on__lte=LAST), baiyun)
    assert in_window and in_window <= uids
    assert not _u("session", sessions.exclude(start_on__gte=FIRST, start_on__lte=LAST), baiyun) & uids
    assert not any(uid.startswith(("agenda-item", "material-step", "rectification")) for uid in uids)


def test_the_public_feed_shows_the_meetings_only(baiyun, second_body, work):
    response = Client().get(reverse("calendar-public", args=[baiyun.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    uids = _uids(calendar)
    expected = _u("meeting", _meetings(baiyun, ("standing", "congress")), baiyun) | _u(
        "session", CongressSession.objects.filter(body=baiyun, start_on__gte=FIRST, start_on__lte=LAST), baiyun)
    assert uids == expected and len(uids) >= 5
    text = response.content.decode()
    for internal in (work["财经工委"]["item"].title[:15], "主任会议", "审议意见", "整改", "/meetings/"):
        assert internal not in text
    # A meeting whose date is only a month's: said so.
    assumed = _meetings(baiyun, ("standing",)).filter(date_assumed=True).first()
    event = next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == f"meeting-{assumed.pk}@renda.{baiyun.pk}")
    assert "日期为推定" in str(event["DESCRIPTION"])
    assert event.decoded("DTSTART") == assumed.date
    assert Client().get(reverse("calendar-public", args=[999999])).status_code == 404


def test_a_cancelled_meeting_is_marked_cancelled(baiyun, work):
    meeting = work["attended"]
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    event = next(e for e in _feed("director").walk("VEVENT")
                 if str(e["UID"]) == f"meeting-{meeting.pk}@renda.{baiyun.pk}")
    assert str(event["STATUS"]) == "CANCELLED"


def test_bodies_never_see_each_others_items(baiyun, second_body, work):
    ours = {f"@renda.{baiyun.pk}", f"@renda.{second_body.pk}"}
    for username, body, other in (("office", baiyun, second_body), ("office-other", second_body, baiyun)):
        calendar = _feed(username)
        uids = _uids(calendar)
        assert uids == _expected("office", body) and uids
        assert not any(uid.endswith(f"@renda.{other.pk}") for uid in uids)
        text = calendar.to_ical().decode()
        assert other.name not in text
    assert ours
    public = Client().get(reverse("calendar-public", args=[second_body.pk])).content.decode()
    assert baiyun.name not in public and f"@renda.{baiyun.pk}" not in public
    # Another body's user cannot renew (or see) a link of this body.
    feed = CalendarFeed.objects.get(user__username="office", kind="personal")
    assert client_for("office-other").post(reverse("calendar-renew", args=[feed.pk])).status_code == 404
    assert client_for("office-other").get(f"/api/v1/calendar-feeds/{feed.pk}/").status_code == 404


def test_renewing_makes_the_old_link_refused_at_once(baiyun):
    client = client_for("office")
    client.get(reverse("calendar-subscriptions"))
    feed = CalendarFeed.objects.get(user__username="office", kind="personal")
    old = reverse("calendar-feed", args=[feed.secret])
    assert Client().get(old).status_code == 200
    response = client.post(reverse("calendar-renew", args=[feed.pk]), follow=True)
    assert "旧链接已立即失效" in response.content.decode()
    feed.refresh_from_db()
    assert Client().get(old).status_code == 404
    assert Client().get(reverse("calendar-feed", args=[feed.secret])).status_code == 200
    assert feed.renewed_at is not None
    page = client.get(reverse("calendar-subscriptions")).content.decode()
    assert "链接重新生成记录" in page and feed.secret in page and old not in page
    # Someone else's link: not found; and by the API, the owner renews theirs.
    other = client_for("director")
    assert other.post(reverse("calendar-renew", args=[feed.pk])).status_code == 404
    api = client.post(f"/api/v1/calendar-feeds/{feed.pk}/renew/")
    assert api.status_code == 200
    assert Client().get(reverse("calendar-feed", args=[feed.secret])).status_code == 404
    assert api.json()["url"].endswith(CalendarFeed.objects.get(pk=feed.pk).secret + ".ics")
    assert api.json()["webcal"].startswith("webcal://")
    assert client.get(reverse("calendar-renew", args=[feed.pk])).status_code == 405


def test_a_link_stops_working_when_its_owner_may_no_longer_read_it(baiyun):
    users = get_user_model().objects
    for username in ("director", "lead-caijing", "deputy-demo", "unit-demo"):
        client_for(username).get(reverse("calendar-subscriptions"))
    links = {f.user.username: reverse("calendar-feed", args=[f.secret])
             for f in CalendarFeed.objects.filter(kind="personal").select_related("user")}
    committee_link = reverse("calendar-feed", args=[CalendarFeed.objects.get(
        user__username="lead-caijing", kind="committee").secret])
    assert all(Client().get(links[u]).status_code == 200 for u in ("director", "lead-caijing", "unit-demo"))
    assert Client().get(committee_link).status_code == 200
    users.filter(username="director").update(is_active=False)  # deactivated
    users.get(username="lead-caijing").groups.remove(Group.objects.get(name="委员会成员"))  # lost the role
    UnitContact.objects.filter(user__username="unit-demo").update(active=False)  # no longer the unit's contact
    Deputy.objects.filter(user__username="deputy-demo").update(user=None)  # account unlinked from the roster
    for username in ("director", "lead-caijing", "unit-demo", "deputy-demo"):
        assert Client().get(links[username]).status_code == 404, username
    assert Client().get(committee_link).status_code == 404
    assert Client().get(reverse("calendar-feed", args=["no-such-secret"])).status_code == 404


def test_the_page_needs_a_log_in_and_the_feed_none(baiyun):
    response = Client().get(reverse("calendar-subscriptions"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Client().post(reverse("calendar-renew", args=[1])).status_code == 302


@pytest.mark.parametrize("username", ["office", "director", "lead-caijing", "lead-shehui", "admin", "deputy-demo",
                                      "unit-demo"])
def test_every_demo_log_in_opens_the_page(baiyun, username):
    response = client_for(username).get(reverse("calendar-subscriptions"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "webcal://" in text and "重新生成链接" in text and "公开会议日历" in text
    assert 'data-confirm="' in text and "js/copy-link.js" in text and "<script>" not in text


def test_queries_do_not_grow_with_rows(baiyun, work, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(username, kind="personal"):
        feed = CalendarFeed.objects.get(user__username=username, kind=kind)
        with CaptureQueriesContext(connection) as ctx:
            assert Client().get(reverse("calendar-feed", args=[feed.secret])).status_code == 200
        return len(ctx.captured_queries)

    for username in ("office", "lead-caijing", "deputy-demo", "unit-demo"):
        client_for(username).get(reverse("calendar-subscriptions"))
    before = {u: count(u) for u in ("office", "lead-caijing", "deputy-demo", "unit-demo")}
    committee_before = count("lead-caijing", "committee")
    # Twenty more meetings with an agenda item each of 财经工委 reported by the unit, open deadlines, opinions.
    term = Meeting.objects.filter(body=baiyun).first().term
    caijing, unit = _committee(baiyun, "财经工委"), ReportingBody.objects.get(pk=6)
    deputy = Deputy.objects.get(user__username="deputy-demo")
    for n in range(20):
        meeting = Meeting.objects.create(body=baiyun, term=term, kind="standing", number=60 + n, year=2024,
                                         date=date(2024, 1, 1) + timedelta(days=7 * n))
        item = AgendaItem.objects.create(meeting=meeting, order=1, title=f"日历压力测试议题{n}")
        item.committees.add(caijing)
        item.reporting_bodies.add(unit)
        MaterialStep.objects.create(agenda_item=item, step="materials", due=meeting.date - timedelta(days=7))
        opinion = ReviewOpinion.objects.create(agenda_item=item, committee=caijing, reporting_body=unit, text="意见",
                                               due_on=meeting.date + timedelta(days=60))
        Rectification.objects.create(body=baiyun, source="opinion", opinion=opinion, committee=caijing,
                                     reporting_body=unit, what="整改", due_on=meeting.date + timedelta(days=90))
        MeetingAttendance.objects.create(body=baiyun, meeting=meeting, deputy=deputy)
    after = {u: count(u) for u in before}
    assert after == before
    assert count("lead-caijing", "committee") == committee_before
    assert len(_uids(_feed("lead-caijing"))) >= 100
    office = client_for("office")
    with django_assert_max_num_queries(12):
        assert office.get(reverse("calendar-subscriptions")).status_code == 200
