"""Supervision marks for other apps' pages, e.g. the meeting page's agenda rows.

`{% opinion_badge a %}` shows an agenda item's review opinions, marked 逾期 when a response is
overdue. The first use on a page reads the whole meeting's opinions in one query.
"""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

register = template.Library()


def _meeting_opinions(context, meeting_id) -> dict[int, list]:
    cache = context.render_context.setdefault("supervision_opinions", {})
    if meeting_id not in cache:
        from supervision.models import ReviewOpinion

        rows: dict[int, list] = {}
        for o in ReviewOpinion.objects.filter(agenda_item__meeting_id=meeting_id).only(
            "pk", "agenda_item_id", "due_on", "response_on", "sent_on"
        ):
            rows.setdefault(o.agenda_item_id, []).append(o)
        cache[meeting_id] = rows
    return cache[meeting_id]


@register.simple_tag(takes_context=True)
def opinion_badge(context, agenda_item, day=None):
    opinions = _meeting_opinions(context, agenda_item.meeting_id).get(agenda_item.pk, [])
    if not opinions:
        return ""
    day = day or timezone.localdate()
    overdue = sum(1 for o in opinions if o.is_overdue(day))
    url = reverse("opinion-list") + f"?agenda_item={agenda_item.pk}"
    if overdue:
        return format_html('<br><a class="badge overdue" href="{}">审议意见逾期未反馈</a>', url)
    responded = all(o.response_on for o in opinions)
    return format_html('<br><a class="badge {}" href="{}">审议意见{}</a>', "done" if responded else "planned", url,
                       "已反馈" if responded else "待反馈")


@register.inclusion_tag("supervision/_overdue.html")
def overdue_mark(obj, day=None):
    """逾期 badge for an opinion or a rectification (both have is_overdue(day))."""
    return {"overdue": obj.is_overdue(day)}
