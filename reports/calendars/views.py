"""The 日历订阅 page, renewing a link, and the feeds themselves.

The feeds take no log-in (calendar programs cannot log in): the secret in the address is the credential,
checked with its owner's roles at every request (reports/calendars/permissions.py). They are not cached by
proxies (Cache-Control: private) and an unknown, renewed or no longer valid link answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_POST
from django_scopes import scope, scopes_disabled

from core import change_log
from core.bodies import body_for_user
from core.models import Body, CalendarFeed
from core.roles import role_labels
from reports.calendars import feeds
from reports.calendars.links import addresses, feed_links, feed_path, public_path
from reports.calendars.permissions import NO_BODY, feed_still_valid, personal_parts

RENEWED = "已重新生成链接，旧链接已立即失效。请在日历程序中用新链接重新订阅。"


@login_required
@require_GET
def subscriptions(request):
    body = body_for_user(request.user)
    if body is None:
        raise PermissionDenied(NO_BODY)
    personal, committees = feed_links(request.user)
    mine = None
    if personal is not None:
        mine = {"feed": personal, "label": "我的日历", "what": _what(request.user), **addresses(feed_path(personal))}
    rows = [{"feed": feed, "label": f"{feed.committee.short_name}日历", **addresses(feed_path(feed))}
            for feed in committees]
    ids = [row["feed"].pk for row in rows] + ([personal.pk] if personal else [])
    history = change_log.history(CalendarFeed, ids, limit=20)
    first, last = feeds.window()
    return render(request, "reports/calendars/subscriptions.html", {
        "mine": mine, "rows": rows, "committee_what": feeds.COMMITTEE_FEED, "public": addresses(public_path(body)),
        "body": body, "history": history,
        "first": first, "last": last,
    })


def _what(user) -> str:
    parts = [feeds.WHAT_EACH_ROLE_GETS[role] for role in role_labels(user) if role in feeds.WHAT_EACH_ROLE_GETS]
    return "；".join(parts)


def own_feed(user, pk) -> CalendarFeed:
    """One of the user's own links, of their body (another's, or another body's, is not found)."""
    body = body_for_user(user)
    return get_object_or_404(CalendarFeed, pk=pk, user=user, body=body)


def renew_feed(user, feed: CalendarFeed) -> CalendarFeed:
    feed.renew()
    change_log.record(user, feed, "change", note="重新生成链接，旧链接已失效")
    return feed


@login_required
@require_POST
def renew(request, pk):
    feed = own_feed(request.user, pk)
    renew_feed(request.user, feed)
    messages.success(request, f"{feed}：{RENEWED}")
    return redirect("calendar-subscriptions")


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, private=True, max_age=0, no_cache=True)
    return response


@require_GET
def feed(request, secret):
    with scopes_disabled():
        found = CalendarFeed.objects.filter(secret=secret).select_related("body", "user", "committee").first()
    if found is None:
        raise Http404("没有这个日历订阅链接，或链接已重新生成。")
    with scope(body=found.body):
        if not feed_still_valid(found):
            raise Http404("没有这个日历订阅链接，或链接已重新生成。")
        body = found.body
        if found.kind == CalendarFeed.Kind.COMMITTEE:
            items = feeds.committee_events(body, found.committee)
            name = f"{body.name} · {found.committee.short_name}日历"
        else:
            parts = personal_parts(found.user)
            items = feeds.personal_events(found.user, body, parts["committee_ids"], parts["deputy"],
                                          parts["unit_ids"])
            name = f"{body.name} · {found.user.get_full_name() or found.user.username}的日历"
        return _ics(feeds.to_ical(items, name, _window_note()), "calendar.ics")


@require_GET
def public_feed(request, body_id):
    with scopes_disabled():
        body = get_object_or_404(Body, pk=body_id)
    with scope(body=body):
        items = feeds.public_events(body)
    return _ics(feeds.to_ical(items, f"{body.name} · 会议日历", _window_note()), "meetings.ics")


def _window_note() -> str:
    first, last = feeds.window()
    return f"自 {first:%Y-%m-%d} 至 {last:%Y-%m-%d}（一年前至两年后）的日程。"
