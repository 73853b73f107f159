"""Form pieces every app's forms share."""

def scoped_formfield(field, **kwargs):
    """Relation fields start empty: their querysets are set per request, inside the body's scope
    (a form class is built at import time, when no scope is active)."""
    if field.is_relation:
        kwargs.setdefault("queryset", field.related_model.objects.none())
    return field.formfield(**kwargs)


MONTH_CHOICES = [("", "—")] + [(m, f"{m}月") for m in range(1, 13)]
