"""Routes of the duty record (代表履职登记与积分) that take an id, for tests/renda/test_body_isolation.py (and the
permission matrix's objects). name: (kwargs builder taking a body, method). Builders create a row for a body that
has none."""

from datetime import date

from django.core.files.base import ContentFile

from tests.isolation_roster import _deputy


def _declared(body):
    from deputies.models import DeclaredActivity

    row = DeclaredActivity.objects.filter(body=body).exclude(proof="").order_by("pk").first()
    return row or DeclaredActivity.objects.create(
        body=body, deputy=_deputy(body), kind="theme", held_on=date(2023, 5, 1), title=f"隔离测试履职{body.pk}",
        text="情况", proof=ContentFile(b"%PDF-1.4\n%%EOF\n", name="proof.pdf"))


def _pk(builder):
    return lambda body: {"pk": builder(body).pk}


ROUTES = {
    "duty-deputy": (_pk(_deputy), "get"),
    "duty-declared-detail": (_pk(_declared), "get"),
    "duty-declared-proof": (_pk(_declared), "get"),
    "api:declared-activity-detail": (_pk(_declared), "get"),
    "api:declared-activity-approve": (_pk(_declared), "post"),
    "api:declared-activity-return": (_pk(_declared), "post"),
}

# POST-only: 定稿 freezes the caller's own body's year (tests/deputies/test_duty_pages.py).
NOT_DATA_ROUTES = {"duty-freeze"}
