from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# The twelve <option>s of a month select, made once: rendered per row with {% for %} they were
# half the cost of 本委事项 (one status form per item).
_MONTH_OPTIONS = [f'<option value="{m}">{m}月</option>' for m in range(1, 13)]


@register.simple_tag
def month_options(selected=None):
    """<option>s for months 1–12, `selected` marked."""
    options = list(_MONTH_OPTIONS)
    if isinstance(selected, int) and 1 <= selected <= 12:
        options[selected - 1] = f'<option value="{selected}" selected>{selected}月</option>'
    return mark_safe("".join(options))  # noqa: S308 - built from integers only


@register.filter
def committees_with_role(item, role):
    """Short names of the committees with the role, read from the prefetched responsibilities (as the
    list `responsibility_list` where a page prefetched them so)."""
    rows = getattr(item, "responsibility_list", None)
    if rows is None:
        rows = item.responsibilities.all()
    return "、".join(r.committee.short_name for r in rows if r.role == role)


@register.filter
def names(objects):
    """A related manager's objects, or a prefetched list, joined with 、."""
    return "、".join(str(obj) for obj in (objects if isinstance(objects, list) else objects.all()))
