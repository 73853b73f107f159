from django import template

register = template.Library()


@register.simple_tag
def meeting_readiness(meeting):
    """{% meeting_readiness meeting as readiness %}: see meetings.materials.meeting_readiness."""
    from meetings.materials import meeting_readiness as compute

    return compute(meeting)
