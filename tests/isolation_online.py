"""Staff routes of the office's online work that take an id (checking submitted suggestions,
reassignment decisions, disclosure, deputies' and units' accounts), for tests/renda/test_body_isolation.py.

name: (kwargs builder taking a body, method). Builders create what a body lacks. The one-time
link's page (`account-setup`) takes a user id and a token, not a body's row: it shows no body
data, only a password form for the link's own account.
"""

from datetime import date

from django.contrib.auth import get_user_model

from deputies.accounts import issuing
from tests.isolation_suggestions import assigned, deputies_for, office_user

NOT_DATA_ROUTES = {"account-setup"}


def _submitted(body):
    from deputies.models import Suggestion
    from deputies.suggestions import online

    s = Suggestion.objects.filter(body=body, status="submitted").order_by("pk").first()
    if s is None:
        s = online.submit(online.save_draft(body, deputies_for(body)[0], title="隔离测试待审查建议", content="内容。",
                                            by=None), by=None)
    return {"pk": s.pk}


def _reassign_request(body):
    from deputies.models import ReassignRequest
    from deputies.suggestions import online

    row = ReassignRequest.objects.filter(assignment__suggestion__body=body).order_by("pk").first()
    if row is None:
        s = assigned(body, title="隔离测试调整建议")
        unit = s.assignments.get(role="co").unit
        row = online.ask_reassignment(s, unit, reason="职责不符", asked_on=date(2023, 2, 2), by=office_user(body))
    return {"pk": row.pk}


def _deputy_with_account(body):
    from deputies.models import Deputy

    deputy = Deputy.objects.filter(body=body, user__isnull=False, user__is_staff=False,
                                   user__groups__name="人大代表").order_by("pk").first()
    if deputy is None:
        deputy = next(d for d in deputies_for(body) if d.user_id is None)
        issuing.create_deputy_accounts(body, [deputy], "link", None, None)
    return {"pk": deputy.pk}


def _unit_contact(body):
    from core import accounts
    from core.models import ReportingBody, UnitContact

    contact = UnitContact.objects.filter(unit__body=body).order_by("pk").first()
    if contact is None:
        unit = ReportingBody.objects.filter(body=body).order_by("pk").first()
        name = f"iso-contact-{body.pk}"
        if not get_user_model().objects.filter(username=name).exists():
            accounts.create_unit_contact(body, unit, "handler", "隔离测试联系人", "", "", name, "link", None, None)
        contact = UnitContact.objects.get(user__username=name)
    return {"pk": contact.pk}


def _accepted(body):
    from tests.isolation_suggestions import make_suggestion

    return {"pk": make_suggestion(body, title="隔离测试公开建议").pk}


ROUTES = {
    "suggestion-accept": (_submitted, "post"),
    "suggestion-return": (_submitted, "post"),
    "suggestion-publish": (_accepted, "post"),
    "reassign-decide": (_reassign_request, "post"),
    "deputy-account-reissue": (_deputy_with_account, "post"),
    "deputy-account-active": (_deputy_with_account, "post"),
    "unit-contact-reissue": (_unit_contact, "post"),
    "unit-contact-active": (_unit_contact, "post"),
}
