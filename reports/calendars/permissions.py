"""Who may subscribe to which calendar feed, asked once here by the page, the API and the feed itself.

A link is checked again at every request of the feed: its owner must still be active, still belong to the
feed's body and still hold a role that gives the feed (a committee's: still be of that committee, or the
office), otherwise the feed answers 404 as for an unknown link.
"""

from core.bodies import body_for_user
from core.models import CalendarFeed, Committee
from core.roles import COMMITTEE_MEMBER, has_role, is_deputy, is_director, is_office, is_unit_contact
from deputies.permissions import deputy_of
from plans.permissions import contact_unit_ids, user_committee_ids

NO_BODY = "您的账号不属于任何人大常委会，没有可订阅的日历。"


def member_committee_ids(user) -> set[int]:
    """The committees the user works in, while they hold the committee member's role."""
    return set(user_committee_ids(user)) if has_role(user, COMMITTEE_MEMBER) else set()


def personal_parts(user) -> dict | None:
    """What the user's personal feed is built from, or None when no role of theirs gives one."""
    if not user.is_authenticated or not user.is_active:
        return None
    committees = member_committee_ids(user)
    deputy = deputy_of(user) if is_deputy(user) else None
    units = contact_unit_ids(user) if is_unit_contact(user) else set()
    if not (is_office(user) or is_director(user) or committees or deputy is not None or units):
        return None
    return {"committee_ids": committees, "deputy": deputy, "unit_ids": units}


def may_have_personal_feed(user) -> bool:
    return body_for_user(user) is not None and personal_parts(user) is not None


def subscribable_committees(user):
    """The committees whose feed the user may subscribe to: the office all the body's active ones, a committee
    member their own."""
    if body_for_user(user) is None or not user.is_active:
        return Committee.objects.none()
    rows = Committee.objects.filter(body=body_for_user(user), active=True)
    if not is_office(user):
        rows = rows.filter(pk__in=member_committee_ids(user))
    return rows.order_by("order", "pk")


def may_read_committee(user, committee) -> bool:
    return (user.is_active and committee.active and body_for_user(user) is not None
            and committee.body_id == body_for_user(user).pk
            and (is_office(user) or committee.pk in member_committee_ids(user)))


def feed_still_valid(feed: CalendarFeed) -> bool:
    """The owner still may read what the link gives (asked at every request of the feed)."""
    user = feed.user
    body = body_for_user(user)
    if not user.is_active or body is None or body.pk != feed.body_id:
        return False
    if feed.kind == CalendarFeed.Kind.COMMITTEE:
        return may_read_committee(user, feed.committee)
    return personal_parts(user) is not None
