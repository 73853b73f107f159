"""Routes of the deputies app (suggestions) that take an id, for tests/renda/test_body_isolation.py.

name: (kwargs builder taking a body, method). Builders create a row for a body that has none.

The builders below (a session, deputies, handling units, suggestions made through
deputies.suggestions.lifecycle) are also the fixtures' building blocks of tests/test_suggestion_*.py.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

RAISED_ON = date(2023, 1, 10)


def office_user(body):
    return get_user_model().objects.filter(body_memberships__body=body, groups__name="办公室").order_by("pk").first()


def session_for(body, number=9, start_on=date(2023, 1, 5)):
    """区…人大N次会议 of the body's latest term (created once)."""
    from deputies.models import CongressSession

    term = body.terms.order_by("-number").first()
    session, _ = CongressSession.objects.get_or_create(
        body=body, term=term, number=number,
        defaults={"name": f"测试区第{term.number}届人大{number}次会议", "start_on": start_on,
                  "end_on": start_on + timedelta(days=3)},
    )
    return session


def deputies_for(body, count=4):
    """Serving deputies 测试代表1… of the body (created once)."""
    from deputies.models import Deputy

    return [
        Deputy.objects.get_or_create(body=body, code=f"T{body.pk}-{n}",
                                     defaults={"name": f"测试代表{n}", "gender": "male", "group": "测试代表小组"})[0]
        for n in range(1, count + 1)
    ]


def units_for(body, count=3):
    from core.models import ReportingBody

    units = list(ReportingBody.objects.filter(body=body).order_by("order", "pk")[:count])
    for n in range(len(units), count):
        units.append(ReportingBody.objects.create(body=body, name=f"测试承办单位{n}", kind="department", order=90 + n))
    return units


def make_suggestion(body, *, number=None, title="关于加强测试工作的建议", session="default", year=None,
                    committee=None, cosigners=1, raised_on=RAISED_ON, document=None, by=None):
    from deputies.suggestions import lifecycle

    deputies = deputies_for(body)
    if session == "default":
        session = session_for(body)
    entry = lifecycle.NewSuggestion(
        title=title, raised_on=raised_on, proposer=deputies[0], session=session, year=year, number=number,
        content="建议内容。", category="城建环保", committee=committee, cosigners=tuple(deputies[1:1 + cosigners]),
        document=document,
    )
    return lifecycle.create_suggestion(body, entry, by or office_user(body))


def assigned(body, **kwargs):
    from deputies.suggestions import lifecycle

    units = units_for(body)
    s = make_suggestion(body, **kwargs)
    return lifecycle.assign(s, assigned_on=date(2023, 2, 1), lead_unit=units[0], co_units=[units[1]],
                            by=office_user(body))


def _suggestion(body):
    from deputies.models import Suggestion

    s = Suggestion.objects.filter(body=body).exclude(document="").order_by("pk").first()
    if s is None:
        s = make_suggestion(body, title="隔离测试建议", document=ContentFile(b"original", name="original.txt"))
    return s


def _extension(body):
    from deputies.models import Extension
    from deputies.suggestions import lifecycle

    ext = Extension.objects.filter(assignment__suggestion__body=body).order_by("pk").first()
    if ext is None:
        s = assigned(body, title="隔离测试延期建议")
        ext = lifecycle.ask_extension(s, asked_on=date(2023, 3, 1), reason="情况复杂",
                                      requested_due_on=date(2023, 6, 1), by=office_user(body))
    return {"pk": ext.pk}


def _pk(body):
    return {"pk": _suggestion(body).pk}


ROUTES = {
    "suggestion-detail": (_pk, "get"),
    "suggestion-edit": (_pk, "get"),
    "suggestion-document": (_pk, "get"),
    "suggestion-assign": (_pk, "post"),
    "suggestion-sign": (_pk, "post"),
    "suggestion-co-input": (_pk, "post"),
    "suggestion-contact": (_pk, "post"),
    "suggestion-extension": (_pk, "post"),
    "suggestion-reply": (_pk, "post"),
    "suggestion-reply-document": (_pk, "post"),
    "suggestion-original-document": (_pk, "post"),
    "suggestion-feedback": (_pk, "post"),
    "suggestion-key": (_pk, "post"),
    "suggestion-key-note": (_pk, "post"),
    "extension-decide": (_extension, "post"),
}
