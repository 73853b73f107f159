"""Routes of the deputies app (suggestions API) that take an id, for tests/renda/test_body_isolation.py.

name: (kwargs builder taking a body, method). Builders create a row for a body that has none.
"""

from datetime import date


def _session(body):
    from deputies.models import CongressSession

    session = CongressSession.objects.filter(body=body).order_by("pk").first()
    if session is None:
        term = body.terms.order_by("-number").first()
        session = CongressSession.objects.create(body=body, term=term, number=90, name=f"{body.name}隔离测试会议",
                                                 start_on=date(2023, 1, 10))
    return {"pk": session.pk}


def _suggestion(body):
    from deputies.models import Suggestion

    suggestion = Suggestion.objects.filter(body=body).order_by("pk").first()
    if suggestion is None:
        suggestion = Suggestion.objects.create(body=body, year=2023, title=f"{body.name}隔离测试建议",
                                               raised_on=date(2023, 1, 10))
    return {"pk": suggestion.pk}


def _reply(body):
    """A reply with its letter (答复函), of a suggestion of the body."""
    from django.core.files.base import ContentFile

    from core.models import ReportingBody
    from deputies.models import Reply, Suggestion

    reply = Reply.objects.filter(suggestion__body=body).order_by("pk").first()
    if reply is None:
        suggestion = Suggestion.objects.get(pk=_suggestion(body)["pk"])
        reply = Reply.objects.create(suggestion=suggestion, round=suggestion.round or 1, replied_on=date(2023, 4, 20),
                                     unit=ReportingBody.objects.filter(body=body).order_by("pk").first(),
                                     reply_class="B", text=f"{body.name}隔离测试答复")
    if not reply.document:
        reply.document.save("reply.txt", ContentFile(b"reply letter"), save=True)
    return {"pk": reply.suggestion_id, "reply_id": reply.pk}


ROUTES = {
    "api:suggestion-detail": (_suggestion, "get"),
    **{
        f"api:suggestion-{step}": (_suggestion, "post")
        for step in ("assign", "sign", "co-input", "contacts", "extension", "extension-decision", "reply",
                     "feedback", "key-supervision", "supervision-note",
                     # the online round (issue 7): co-signers, the office's check, reassignment requests
                     "confirm", "decline", "accept", "return", "reassign-request", "reassign-decision",
                     # 领办 (deputies/unit_evaluation/leading.py)
                     "leading")
    },
    "api:suggestion-reply-document": (_reply, "delete"),
    "api:congress-session-detail": (_session, "get"),
}
