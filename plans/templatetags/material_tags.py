from django import template

register = template.Library()


@register.simple_tag
def meeting_readiness(meeting):
    """{% meeting_readiness meeting as readiness %}: see plans.materials.meeting_readiness."""
    from plans.materials import meeting_readiness as compute

    return compute(meeting)
