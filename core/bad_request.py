"""A request the app cannot understand (a ?opinion=abc, a year 0): 400 with a message in Chinese, the same
page Django's own 400 shows."""

from django.shortcuts import render


def bad_request(request, message: str):
    return render(request, "400.html", {"message": message}, status=400)


def id_param(value) -> int | None:
    """An object id from a query or form value: None when absent; ValueError when it is not a number."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    if not text.isdigit():
        raise ValueError(text)
    return int(text)
