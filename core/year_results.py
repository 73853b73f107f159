"""定稿 of a year's computed result (the units' evaluation, the deputies' duty points): the live computation stored
with the rule's parameters, once, so that a later rule change never alters a frozen year."""

from django.db import transaction
from django.utils import timezone


class FreezeError(ValueError):
    """The year cannot be frozen (already frozen, or nothing to freeze); the message says which, in Chinese."""


def freeze_year(model, body, year: int, by, compute, build, *, already: str, empty: str) -> list:
    """Store compute()'s rows as `model` rows (`build(row)` gives each one's own fields) for body and year.

    The year's rows are locked first, so two offices pressing 定稿 at once store it once."""
    with transaction.atomic():
        if model.objects.select_for_update().filter(body=body, year=year).exists():
            raise FreezeError(already)
        rows = compute()
        if not rows:
            raise FreezeError(empty)
        stamp = {"body": body, "year": year, "computed_at": timezone.now(),
                 "computed_by": by if by is not None and by.is_authenticated else None}
        return model.objects.bulk_create([model(**stamp, **build(row)) for row in rows])
