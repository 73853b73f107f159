"""{% similar_panel s %} and {% suggestion_thread s %}: the 相似建议 panel and the suggestion's thread (连续多年提出)
on the staff page and both portals. The page has already checked the user may see `s`; what else is shown
follows deputies.permissions (a deputy or a unit: public fields only, never internal notes)."""

from django import template

from deputies.permissions import sees_internal_thread_notes
from deputies.similar.views import panel

register = template.Library()


@register.inclusion_tag("deputies/similar/_panel.html", takes_context=True)
def similar_panel(context, s):
    request = context["request"]
    staff = sees_internal_thread_notes(request.user)
    found = panel(s.body, s.title, s.content, exclude_id=s.pk, year=s.year,
                  user=request.user if staff else None, accepted_only=not staff)
    return {"s": s, "staff": staff, "earlier": found["earlier"], "this_year": found["this_year"],
            "can_thread": staff and context.get("can_handle", False)}


@register.inclusion_tag("deputies/threads/_box.html", takes_context=True)
def suggestion_thread(context, s):
    """The thread the suggestion belongs to, its years side by side; internal notes for staff only."""
    from deputies.models import ThreadMember
    from deputies.threads.views import member_suggestions

    request = context["request"]
    member = ThreadMember.objects.filter(suggestion=s).select_related("thread__supervision__committee").first()
    if member is None:
        return {"thread": None}
    thread = member.thread
    members = member_suggestions(thread)
    for m in members:
        m.deputy_names = [x.deputy.name for x in m.signatures.all()]
        m.unit_names = [a.unit.name for a in m.assignments.all()]
    return {"thread": thread, "members": members, "staff": sees_internal_thread_notes(request.user),
            "supervision": getattr(thread, "supervision", None), "current": s.pk}
