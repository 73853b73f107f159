"""Whether the user may remove or replace a reply's letter, for the suggestion pages (deputies.permissions decides)."""

from django import template

from deputies.permissions import reply_document_refusal

register = template.Library()


@register.filter
def may_change_letter(reply, user) -> bool:
    """{% if r.reply|may_change_letter:request.user %}: the office, or the contact who uploaded it before feedback."""
    return reply_document_refusal(user, reply.suggestion, reply) is None
