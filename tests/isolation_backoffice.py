"""The back office in the body-isolation walk: the administrator's set-up pages (/settings/…).

Each body's administrator (admin, admin-other) opens every settings page; another body's users,
committees, reporting bodies, terms, tokens and log-in locks answer 404, its names never appear in a
list or a form's choices, and a form posted with another body's ids changes nothing. The platform's
pages (/platform/) work across bodies by design and refuse every body user: tests/core/test_platform_bodies.py.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.models import BodyMembership, Committee, ReportingBody, Term

# Routes only a body's administrator opens: walked with admin / admin-other instead of the office.
ADMIN_ROUTE_PREFIXES = ("settings-",)
PLATFORM_ROUTE_PREFIXES = ("platform-",)
# A workbook (binary), holding the column headings and an example row only.
NOT_DATA_ROUTES = {"settings-users-template"}
ADMINS = {"office": "admin", "office-other": "admin-other"}


def office_user(body):
    return get_user_model().objects.filter(body_memberships__body=body, groups__name="办公室").order_by("pk").first()


def _first(model, body):
    return model.objects.filter(body=body).order_by("pk").first()


def _token(body):
    from core.api_tokens import issue_token
    from core.models import ApiToken

    token = ApiToken.objects.filter(body=body).order_by("pk").first()
    if token is None:
        admin = get_user_model().objects.filter(body_memberships__body=body, groups__name="系统管理员").first()
        token, _key = issue_token(office_user(body), body, "隔离测试", admin)
    return {"pk": token.pk}


def _lockout(body):
    from axes.models import AccessAttempt

    username = office_user(body).username
    attempt, _ = AccessAttempt.objects.get_or_create(
        username=username, ip_address="127.0.0.9",
        defaults={"user_agent": "isolation", "failures_since_start": 5, "attempt_time": timezone.now(),
                  "get_data": "", "post_data": "", "http_accept": "", "path_info": "/accounts/login/"})
    return {"pk": attempt.pk}


ROUTES = {
    "settings-user-edit": (lambda body: {"pk": office_user(body).pk}, "get"),
    "settings-user-reissue": (lambda body: {"pk": office_user(body).pk}, "post"),
    "settings-committee-edit": (lambda body: {"pk": _first(Committee, body).pk}, "get"),
    "settings-reporting-body-edit": (lambda body: {"pk": _first(ReportingBody, body).pk}, "get"),
    "settings-term-edit": (lambda body: {"pk": _first(Term, body).pk}, "get"),
    "settings-token-revoke": (_token, "post"),
    "settings-login-unlock": (_lockout, "post"),
}


def markers(body) -> list[str]:
    """Texts of the back office that name one body's people: its users' names and usernames
    (those with a name of their own), and a token and a log-in lock of its office user."""
    users = get_user_model().objects.filter(body_memberships__body=body)
    texts = [u.first_name for u in users if len(u.first_name) >= 4]
    _token(body)
    _lockout(body)
    return texts


def _unpaired(body, kind, name):
    """A committee of `kind` with no pair, made for the test when the body has none."""
    committee = Committee.objects.filter(body=body, kind=kind, paired_with__isnull=True,
                                         pair_of__isnull=True).order_by("pk").first()
    if committee is None:
        committee = Committee.objects.create(body=body, kind=kind, name=f"{body.pk}号{name}委员会",
                                             short_name=f"{body.pk}号{name}", order=99)
    return committee


def forms_with_choices_of(own, target) -> list[tuple[str, dict, dict]]:
    """(route name, URL kwargs, posted data) for each settings form of `own`'s administrator, every
    choice (committee, pair, liaison committee, user) taken from `target`. With target = own each
    form is valid and saves; with another body each must be refused and change nothing."""
    committee = _unpaired(target, Committee.Kind.WORKING, "隔离测试工作")
    # Two unpaired special committees: the new committee pairs with one, the edited with the other.
    specials = [Committee.objects.get_or_create(
        body=target, short_name=f"{target.pk}号隔离测试专门{n}",
        defaults={"kind": Committee.Kind.SPECIAL, "name": f"{target.pk}号隔离测试专门{n}委员会", "order": 99})[0]
        for n in ("甲", "乙")]
    own_working = _unpaired(own, Committee.Kind.WORKING, "隔离测试工作")
    own_office = office_user(own)
    return [
        ("settings-user-create", {}, {"name": "越界用户", "username": f"cross-body-user-{target.pk}",
                                      "roles": ["委员会成员"], "committees": [committee.pk],
                                      "lead_committees": [committee.pk], "method": "password", "active": "on"}),
        ("settings-user-edit", {"pk": own_office.pk}, {"name": own_office.first_name, "roles": ["委员会成员"],
                                                         "committees": [committee.pk], "active": "on"}),
        ("settings-committee-create", {}, {"name": "越界工作委员会", "short_name": "越界工委", "kind": "working",
                                           "paired_with": specials[0].pk, "aliases": "", "order": 0, "active": "on"}),
        ("settings-committee-edit", {"pk": own_working.pk},
         {"name": own_working.name, "short_name": own_working.short_name, "kind": own_working.kind,
          "paired_with": specials[1].pk, "aliases": "", "order": own_working.order, "active": "on"}),
        ("settings-reporting-body-create", {}, {"name": "越界报告单位", "kind": "department", "aliases": "",
                                                "liaison_committee": committee.pk, "order": 0}),
        ("settings-tokens", {}, {"user": office_user(target).pk, "name": "越界令牌"}),
    ]


def fingerprint() -> dict:
    """Counts and contents of everything the settings pages write."""
    from core.models import ApiToken

    return {
        "users": sorted(get_user_model().objects.values_list("username", "first_name", "is_active")),
        "groups": sorted(get_user_model().groups.through.objects.values_list("user_id", "group_id")),
        "memberships": sorted(BodyMembership.objects.values_list("user_id", "body_id")),
        "committees": sorted(Committee.objects.values_list("body_id", "name", "short_name", "paired_with", "active")),
        "committee_members": sorted(Committee.memberships.rel.related_model.objects.values_list(
            "user_id", "committee_id", "role")),
        "reporting_bodies": sorted(ReportingBody.objects.values_list("body_id", "name", "liaison_committee")),
        "tokens": sorted(ApiToken.objects.values_list("body_id", "user_id", "name")),
    }
