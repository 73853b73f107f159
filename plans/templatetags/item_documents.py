"""Whether the user may remove or replace an item's document, for the item page (plans.permissions decides)."""

from django import template

from plans.permissions import document_refusal

register = template.Library()


@register.filter
def may_change_document(document, user) -> bool:
    """{% if d|may_change_document:request.user %}: the uploader or the office, while they may update the item."""
    return document_refusal(user, document) is None
