"""Routes of suggestion threads (连续多年提出) and similar suggestions that take an id, for
tests/renda/test_body_isolation.py (and the permission matrix's objects).

name: (kwargs builder taking a body, method). Builders create a row for a body that has none.
"""


def _thread(body):
    from deputies.models import SuggestionThread

    thread = SuggestionThread.objects.filter(body=body).order_by("pk").first()
    return thread or SuggestionThread.objects.create(body=body, title=f"隔离测试线索{body.pk}")


def _suggestion(body):
    from deputies.models import Suggestion

    s = Suggestion.objects.filter(body=body).exclude(status="draft").order_by("pk").first()
    if s is None:
        from tests.isolation_suggestions import assigned

        s = assigned(body, title=f"隔离测试建议{body.pk}")
    return s


def _pk(builder):
    return lambda body: {"pk": builder(body).pk}


ROUTES = {
    "thread-detail": (_pk(_thread), "get"),
    "thread-add": (_pk(_thread), "post"),
    "thread-remove": (_pk(_thread), "post"),
    "thread-supervise": (_pk(_thread), "post"),
    "thread-note": (_pk(_thread), "post"),
    "api:suggestion-thread-detail": (_pk(_thread), "get"),
    "api:suggestion-thread-add": (_pk(_thread), "post"),
    "api:suggestion-thread-remove": (_pk(_thread), "post"),
    "api:suggestion-thread-supervision": (_pk(_thread), "post"),
    "api:suggestion-thread-notes": (_pk(_thread), "post"),
    "api:suggestion-similar": (_pk(_suggestion), "get"),
}
