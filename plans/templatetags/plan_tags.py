from django import template

register = template.Library()


@register.filter
def committees_with_role(item, role):
    """Short names of the committees with the role, read from the prefetched responsibilities."""
    return "、".join(r.committee.short_name for r in item.responsibilities.all() if r.role == role)


@register.filter
def names(queryset):
    return "、".join(str(obj) for obj in queryset.all())
