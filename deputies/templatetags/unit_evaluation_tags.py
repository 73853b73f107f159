"""The suggestion's 不满意情况专项报告 on its staff and unit pages: {% unsatisfied_reports s as reports %}."""

from django import template
from django.utils import timezone

from deputies.models import UnsatisfiedReport

register = template.Library()


@register.simple_tag
def unsatisfied_reports(suggestion):
    today = timezone.localdate()
    rows = list(UnsatisfiedReport.objects.filter(suggestion=suggestion).select_related("unit").order_by("round"))
    for r in rows:
        r.overdue = r.is_overdue(today)
    return rows
