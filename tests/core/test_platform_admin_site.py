"""Django's admin is the platform administrator's: every page opens, labels are Chinese, and a record
never points into another body than its own, even when the one who saves it works across bodies."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.models import Committee, CommitteeMembership
from tests.conftest import client_for

# Admin pages that offer no "add": log-in records come from log-ins, rules are made with the body.
NO_ADD = {"axes.accessattempt", "axes.accesslog", "axes.accessfailurelog", "core.bodyrules", "core.apitoken"}


def test_every_admin_page_opens_for_the_platform_administrator(baiyun, second_body):
    client = client_for("platform")
    failed = []
    for model in admin.site._registry:
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        actions = ["changelist"] + ([] if label in NO_ADD else ["add"])
        for action in actions:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}")
            status = client.get(url).status_code
            if status != 200:
                failed.append((url, status))
    assert not failed
    # The committee list shows every body's committees, with the body they belong to.
    text = client.get(reverse("admin:core_committee_changelist") + "?all=").content.decode()
    assert baiyun.name in text and second_body.name in text


def test_admin_labels_are_chinese(baiyun):
    client = client_for("platform")
    index = client.get(reverse("admin:index")).content.decode()
    assert "登录保护" in index and "登录尝试" in index and "登录日志" in index
    assert "Axes" not in index and "Access attempts" not in index and "Access logs" not in index
    from axes.models import AccessAttempt
    from django.utils import timezone

    AccessAttempt.objects.create(username="office", ip_address="127.0.0.1", user_agent="test", failures_since_start=1,
                                 attempt_time=timezone.now(), get_data="", post_data="", http_accept="", path_info="/")
    attempts = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "用户名" in attempts and "IP 地址" in attempts and "IP Address" not in attempts


def _committee_form(body, **extra):
    return {"body": body.pk, "name": "测试工作委员会", "short_name": "测试工委", "aliases": "[]",
            "kind": Committee.Kind.WORKING, "order": 0, "active": "on", **extra}


def test_platform_administrator_adds_a_committee_to_a_chosen_body(baiyun, second_body):
    client = client_for("platform")
    response = client.post(reverse("admin:core_committee_add"), _committee_form(second_body))
    assert response.status_code == 302
    assert Committee.objects.get(short_name="测试工委").body == second_body


def test_a_committee_is_never_paired_with_another_bodys(baiyun, second_body):
    client = client_for("platform")
    baiyun_committee = Committee.objects.filter(body=baiyun, kind=Committee.Kind.SPECIAL).first()
    before = Committee.objects.count()
    response = client.post(reverse("admin:core_committee_add"),
                           _committee_form(second_body, paired_with=baiyun_committee.pk))
    assert response.status_code == 200
    assert "不能用于" in response.content.decode()
    assert Committee.objects.count() == before


def test_a_user_of_one_body_is_never_made_a_member_of_anothers_committee(baiyun, second_body):
    client = client_for("platform")
    lead = get_user_model().objects.get(username="lead-caijing")
    other_committee = Committee.objects.filter(body=second_body).first()
    response = client.post(reverse("admin:core_committeemembership_add"),
                           {"user": lead.pk, "committee": other_committee.pk, "role": "lead"})
    assert response.status_code == 200
    assert not CommitteeMembership.objects.filter(user=lead, committee=other_committee).exists()


def test_platform_administrator_sees_tokens_without_their_keys_and_revokes_them(baiyun):
    from core.api_tokens import issue_token
    from core.models import ApiToken

    office = get_user_model().objects.get(username="office")
    token, key = issue_token(office, baiyun, "对接测试", get_user_model().objects.get(username="admin"))
    client = client_for("platform")
    text = client.get(reverse("admin:core_apitoken_changelist")).content.decode()
    assert "对接测试" in text and token.key_prefix in text and key not in text and token.key_digest not in text
    client.post(reverse("admin:core_apitoken_changelist"),
                {"action": "revoke", "_selected_action": [token.pk]})
    assert ApiToken.unscoped.get(pk=token.pk).revoked_at is not None


def _admin_urls():
    """Every page of Django's admin: each model's list, add, and change, history and delete of a row."""
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        manager = getattr(model, "unscoped", None) or model._base_manager
        row = manager.order_by("pk").first()
        if row is not None:
            urls += [reverse(f"{prefix}_{action}", args=[row.pk]) for action in ("change", "history", "delete")]
    return urls


def test_no_body_user_reaches_any_page_of_djangos_admin(baiyun, second_body):
    """Both bodies' administrators, the office, a director and a lead: every admin page, by GET and by
    POST, sends them to the admin's log-in, and nothing is written."""
    from tests.isolation_backoffice import fingerprint

    urls = _admin_urls()
    assert len(urls) > 60
    before = fingerprint()
    for username in ("admin", "admin-other", "office", "director", "lead-caijing"):
        client = client_for(username)
        for url in urls:
            for method in (client.get, client.post):
                response = method(url, {"post": "yes"} if method == client.post else None)
                assert response.status_code == 302 and "/admin/login/" in response["Location"], (username, url)
    assert fingerprint() == before
