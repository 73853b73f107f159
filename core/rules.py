"""One place to read a body's deadline rules (defaults from DOMAIN.md until the body sets its own)."""


from core.models import BodyRules


def rules_for(body) -> BodyRules:
    """The body's rules row, created with the defaults on first use."""
    rules = BodyRules.objects.filter(body=body).first()
    return rules or BodyRules.objects.create(body=body)


