"""Request bodies turned into the data the app's Django forms read.

Only where a page's form still holds the rules the API must share (supervision results, the roster):
plans and meetings validate through the model instead (core/api/validated.py), and these callers
follow once their forms' rules move to their models' clean().

The API reuses those pages' forms, which read text, as a browser posts it. JSON numbers and booleans
are turned into that text (a date field given `false` would crash); a list or object where a form
wants one value would be saved as its Python text ("[None, None]"), so it is refused with a message
naming the field. `multiple` names the fields that take several values.
"""

from collections.abc import Mapping

from rest_framework.exceptions import ValidationError

NOT_ONE_VALUE = "此项须为单个值，不能是列表或对象。"
NOT_AN_OBJECT = "提交的内容须为一个 JSON 对象（字段名: 值）。"


def _as_text(value):
    if value is None:
        return ""  # the form's "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


def _is_many(value) -> bool:
    return isinstance(value, (list, tuple))


def form_values(incoming, multiple=()) -> dict:
    """The fields of `incoming` as a form's data; raises a 400 naming each field that is not one value."""
    if not isinstance(incoming, Mapping):
        raise ValidationError({"detail": NOT_AN_OBJECT})
    errors = {}
    data = {}
    for key, value in incoming.items():
        many = _is_many(value) and key in multiple
        values = value if many else [value]
        if any(isinstance(v, Mapping) or _is_many(v) for v in values):
            errors[key] = [NOT_ONE_VALUE]
            continue
        data[key] = [_as_text(v) for v in values] if many else _as_text(value)
    if errors:
        raise ValidationError(errors)
    return data
