"""The events of the calendar feeds (RFC 5545), built with the icalendar package.

Three kinds of feed, each from a fixed number of queries however many rows there are:
- a person's own (personal_events): what their roles give them, see WHAT_EACH_ROLE_GETS;
- a committee's (committee_events): its agenda items, their materials deadlines, the review opinions and
  rectifications it follows while they are open;
- a body's public one (public_events): the standing committee's meetings and the congress's sessions, with
  their titles and dates only.
Meetings have dates, not times: every event is an all-day one (VALUE=DATE). Only events from a year ago
to two years ahead are given (window()), so a feed stays small over the years.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from core.models import Body
from core.roles import is_deputy, is_director, is_office, is_unit_contact
from deputies.models import Assignment, CongressSession, MeetingAttendance, Suggestion
from deputies.models.suggestions import SuggestionStatus
from meetings.models import AgendaItem, MaterialStep, Meeting, MeetingKind
from supervision.models import Rectification, ReviewOpinion

PAST_DAYS, AHEAD_DAYS = 365, 730
# A suggestion whose reply is still awaited (its reply due date is a deadline of someone's).
AWAITING_REPLY = (SuggestionStatus.ASSIGNED, SuggestionStatus.HANDLING, SuggestionStatus.REHANDLING)
PRODID = "-//renda//人大常委会工作管理系统//ZH"


@dataclass(frozen=True)
class Item:
    """One all-day event: `end` is the last day (inclusive)."""

    uid: str
    summary: str
    start: date
    end: date | None = None
    description: str = ""
    path: str = ""  # the page of the app it is about (for those who may open it)
    cancelled: bool = False


def window(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return today - timedelta(days=PAST_DAYS), today + timedelta(days=AHEAD_DAYS)


def _uid(kind: str, pk, body_id) -> str:
    return f"{kind}-{pk}@renda.{body_id}"


# --- meetings ------------------------------------------------------------------------------------------


def _meetings(body, kinds, first, last, ids=None):
    rows = Meeting.objects.filter(body=body, kind__in=kinds, date__gte=first, date__lte=last)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.select_related("term").order_by("date", "pk")


def meeting_item(meeting, *, link: bool = True, internal: bool = True) -> Item:
    notes = []
    if internal and meeting.place:
        notes.append(f"地点：{meeting.place}")
    if meeting.date_assumed:
        notes.append("日期为推定（来源文件只给出月份）")
    if meeting.status == Meeting.Status.CANCELLED:
        notes.append("会议已取消")
    return Item(uid=_uid("meeting", meeting.pk, meeting.body_id), summary=meeting.title, start=meeting.date,
                description="\n".join(notes), path=reverse("meeting-detail", args=[meeting.pk]) if link else "",
                cancelled=meeting.status == Meeting.Status.CANCELLED)


def _sessions(body, first, last, meetings) -> list[Item]:
    """The congress's sessions as the deputies' records have them (deputies' CongressSession), unless a
    congress meeting of the same day is there already."""
    taken = {m.date for m in meetings if m.kind == MeetingKind.CONGRESS}
    items = []
    for s in CongressSession.objects.filter(body=body, start_on__gte=first, start_on__lte=last).order_by("start_on"):
        if s.start_on not in taken:
            items.append(Item(uid=_uid("session", s.pk, body.pk), summary=s.name, start=s.start_on, end=s.end_on))
    return items


# --- a committee's work -------------------------------------------------------------------------------------


def _agenda_items(body, first, last, committee_ids=None, unit_ids=None, *, link=True) -> list[Item]:
    rows = AgendaItem.objects.filter(meeting__body=body, meeting__date__gte=first, meeting__date__lte=last)
    if committee_ids is not None:
        rows = rows.filter(committees__in=committee_ids)
    if unit_ids is not None:
        rows = rows.filter(reporting_bodies__in=unit_ids)
    rows = rows.distinct().select_related("meeting__term").order_by("meeting__date", "order", "pk")
    prefix = "本单位报告" if unit_ids is not None else "议题"
    items = []
    for a in rows:
        m = a.meeting
        notes = [f"会议：{m.title}"]
        if m.date_assumed:
            notes.append("日期为推定（来源文件只给出月份）")
        items.append(Item(uid=_uid("agenda-item", a.pk, body.pk), summary=f"{prefix}：{a.title}", start=m.date,
                          description="\n".join(notes), cancelled=m.status == Meeting.Status.CANCELLED,
                          path=reverse("meeting-detail", args=[m.pk]) if link else ""))
    return items


def _material_steps(body, first, last, committee_ids=None) -> list[Item]:
    rows = MaterialStep.objects.filter(agenda_item__meeting__body=body, done_on__isnull=True, due__gte=first,
                                       due__lte=last)
    if committee_ids is not None:
        rows = rows.filter(agenda_item__committees__in=committee_ids)
    rows = rows.distinct().select_related("agenda_item__meeting__term").order_by("due", "pk")
    return [Item(uid=_uid("material-step", s.pk, body.pk), summary=f"材料期限：{s.get_step_display()}",
                 start=s.due, description=f"议题：{s.agenda_item.title}\n会议：{s.agenda_item.meeting.title}",
                 path=reverse("meeting-materials", args=[s.agenda_item.meeting_id])) for s in rows]


def _opinions(body, first, last, *, committee_ids=None, unit_ids=None, portal=False) -> list[Item]:
    rows = ReviewOpinion.objects.filter(agenda_item__meeting__body=body, response_on__isnull=True,
                                        due_on__gte=first, due_on__lte=last)
    if committee_ids is not None:
        rows = rows.filter(committee_id__in=committee_ids)
    if unit_ids is not None:
        rows = rows.filter(reporting_body_id__in=unit_ids)
    rows = rows.select_related("agenda_item", "reporting_body").order_by("due_on", "pk")
    name = "portal-unit-opinion" if portal else "opinion-detail"
    return [Item(uid=_uid("opinion", o.pk, body.pk), summary=f"审议意见反馈期限：{o.agenda_item.title}",
                 start=o.due_on, description=f"报告单位：{o.reporting_body or '—'}",
                 path=reverse(name, args=[o.pk])) for o in rows]


def _rectifications(body, first, last, *, committee_ids=None, unit_ids=None, portal=False) -> list[Item]:
    rows = Rectification.objects.filter(body=body, status=Rectification.Status.OPEN, due_on__gte=first,
                                        due_on__lte=last)
    if committee_ids is not None:
        rows = rows.filter(committee_id__in=committee_ids)
    if unit_ids is not None:
        rows = rows.filter(reporting_body_id__in=unit_ids)
    rows = rows.select_related("reporting_body").order_by("due_on", "pk")
    name = "portal-unit-rectification" if portal else "rectification-detail"
    return [Item(uid=_uid("rectification", r.pk, body.pk), summary=f"整改期限：{r.what[:40]}", start=r.due_on,
                 description=f"整改单位：{r.reporting_body or '—'}", path=reverse(name, args=[r.pk])) for r in rows]


def committee_work(body, committee_ids, first, last) -> list[Item]:
    """Agenda items of these committees on their meeting's day, their open materials deadlines, and the
    review opinions and rectifications they follow while open."""
    return [*_agenda_items(body, first, last, committee_ids), *_material_steps(body, first, last, committee_ids),
            *_opinions(body, first, last, committee_ids=committee_ids),
            *_rectifications(body, first, last, committee_ids=committee_ids)]


# --- the feeds ------------------------------------------------------------------------------------------------

STAFF_MEETINGS = (MeetingKind.STANDING, MeetingKind.CHAIRPERSONS, MeetingKind.CONGRESS)
MEMBER_MEETINGS = (MeetingKind.STANDING, MeetingKind.CONGRESS)
PUBLIC_MEETINGS = (MeetingKind.STANDING, MeetingKind.CONGRESS)

WHAT_EACH_ROLE_GETS = {
    "办公室": "全部会议（常委会会议、主任会议、人民代表大会会议）及全部议题未完成的材料报送期限",
    "主任会议成员": "常委会会议、主任会议和人民代表大会会议",
    "委员会成员": "常委会会议和人民代表大会会议；本委的议题（会议当天）、材料报送期限，本委跟踪的审议意见和整改期限（未完成的）",
    "人大代表": "人民代表大会会议，本人列席的常委会会议，本人领衔或附议的建议的答复期限",
    "承办单位联系人": "本单位报告的议题（会议当天），交办本单位的建议的办理期限，致本单位的审议意见和整改期限（未完成的）",
}


COMMITTEE_FEED = "本委的议题（会议当天）、材料报送期限，本委跟踪的审议意见和整改期限（未完成的）"


def personal_events(user, body: Body, committee_ids: set[int], deputy, unit_ids: set[int],
                    today: date | None = None) -> list[Item]:
    """What the user's roles give them (the caller has checked the user still holds them)."""
    first, last = window(today)
    office, director = is_office(user), is_director(user)
    kinds = STAFF_MEETINGS if office or director else MEMBER_MEETINGS if committee_ids else ()
    items: dict[str, Item] = {}

    def add(rows):
        for item in rows:
            items.setdefault(item.uid, item)

    meetings = list(_meetings(body, kinds, first, last)) if kinds else []
    add(meeting_item(m) for m in meetings)
    if office:
        add(_material_steps(body, first, last))
    if committee_ids:
        add(committee_work(body, committee_ids, first, last))
    staff = bool(kinds)
    if deputy is not None and is_deputy(user):
        congress = list(_meetings(body, (MeetingKind.CONGRESS,), first, last))
        attended = MeetingAttendance.objects.filter(deputy=deputy).values("meeting_id")
        listed = list(_meetings(body, (MeetingKind.STANDING,), first, last, ids=attended))
        add(meeting_item(m, link=staff) for m in congress + listed)
        add(_sessions(body, first, last, congress))
        rows = Suggestion.objects.filter(body=body, signatures__deputy=deputy, status__in=AWAITING_REPLY,
                                         reply_due_on__gte=first, reply_due_on__lte=last).distinct()
        add(Item(uid=_uid("suggestion-reply", s.pk, body.pk), summary=f"建议答复期限：{s.title}", start=s.reply_due_on,
                 path=reverse("portal-deputy-suggestion", args=[s.pk]))
            for s in rows.order_by("reply_due_on", "pk"))
    if unit_ids and is_unit_contact(user):
        portal = not staff
        add(_agenda_items(body, first, last, unit_ids=unit_ids, link=staff))
        rows = Assignment.objects.filter(suggestion__body=body, unit_id__in=unit_ids, active=True,
                                         suggestion__status__in=AWAITING_REPLY, due_on__gte=first, due_on__lte=last)
        add(Item(uid=_uid("assignment", a.pk, body.pk), summary=f"建议办理期限（{a.get_role_display()}）：{a.suggestion.title}",
                 start=a.due_on, path=reverse("portal-unit-suggestion", args=[a.suggestion_id]))
            for a in rows.select_related("suggestion").order_by("due_on", "pk"))
        add(_opinions(body, first, last, unit_ids=unit_ids, portal=portal))
        add(_rectifications(body, first, last, unit_ids=unit_ids, portal=portal))
    return sorted(items.values(), key=lambda i: (i.start, i.uid))


def committee_events(body: Body, committee, today: date | None = None) -> list[Item]:
    first, last = window(today)
    return sorted(committee_work(body, {committee.pk}, first, last), key=lambda i: (i.start, i.uid))


def public_events(body: Body, today: date | None = None) -> list[Item]:
    """The standing committee's meetings and the congress's sessions: titles and dates, nothing internal."""
    first, last = window(today)
    meetings = list(_meetings(body, PUBLIC_MEETINGS, first, last))
    items = [meeting_item(m, link=False, internal=False) for m in meetings]
    items += _sessions(body, first, last, meetings)
    return sorted(items, key=lambda i: (i.start, i.uid))


def to_ical(items: list[Item], name: str, description: str = "") -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    if description:
        cal.add("x-wr-caldesc", description)
    stamp = timezone.now()
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)
        event.add("dtend", (item.end or item.start) + timedelta(days=1))
        event.add("summary", item.summary)
        text = item.description
        if item.path:
            url = f"{settings.SITE_URL}{item.path}"
            event.add("url", url)
            text = f"{text}\n详情：{url}" if text else f"详情：{url}"
        if text:
            event.add("description", text)
        event.add("transp", "TRANSPARENT")
        if item.cancelled:
            event.add("status", "CANCELLED")
        cal.add_component(event)
    return cal.to_ical()
