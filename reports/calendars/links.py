"""Each user's feed links: made when first asked for, and the addresses calendar programs subscribe to."""

from django.conf import settings
from django.urls import reverse

from core.bodies import body_for_user
from core.models import CalendarFeed
from reports.calendars.permissions import may_have_personal_feed, subscribable_committees


def addresses(path: str) -> dict:
    """The https:// (or http://) address and its webcal:// twin, which calendar programs open to subscribe."""
    url = f"{settings.SITE_URL}{path}"
    return {"url": url, "webcal": "webcal://" + url.split("://", 1)[1]}


def feed_links(user) -> tuple[CalendarFeed | None, list[CalendarFeed]]:
    """The user's personal feed (None when no role gives one) and one feed per committee they may follow,
    made at once if missing (a fixed number of queries however many committees)."""
    body = body_for_user(user)
    if body is None:
        return None, []
    committees = list(subscribable_committees(user))
    have = {(f.kind, f.committee_id): f for f in CalendarFeed.objects.filter(user=user, body=body)}
    wanted = [(CalendarFeed.Kind.COMMITTEE, c.pk) for c in committees]
    if may_have_personal_feed(user):
        wanted.insert(0, (CalendarFeed.Kind.PERSONAL, None))
    missing = [CalendarFeed(body=body, user=user, kind=kind, committee_id=cid) for kind, cid in wanted
               if (kind, cid) not in have]
    if missing:
        CalendarFeed.objects.bulk_create(missing, ignore_conflicts=True)
        have = {(f.kind, f.committee_id): f for f in CalendarFeed.objects.filter(user=user, body=body)}
    names = {c.pk: c for c in committees}
    personal = have.get((CalendarFeed.Kind.PERSONAL, None)) if may_have_personal_feed(user) else None
    shared = []
    for kind, cid in wanted:
        if kind == CalendarFeed.Kind.COMMITTEE and (kind, cid) in have:
            feed = have[(kind, cid)]
            feed.committee = names[cid]
            shared.append(feed)
    return personal, shared


def feed_path(feed: CalendarFeed) -> str:
    return reverse("calendar-feed", args=[feed.secret])


def public_path(body) -> str:
    return reverse("calendar-public", args=[body.pk])
