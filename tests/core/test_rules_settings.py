"""The deadline-rules page: who reads it, who changes it, what a change does, and its history."""

from datetime import date

import pytest

from core.models import BodyRules
from tests.conftest import client_for

URL = "/settings/rules/"


def _form_data(rules, **changes):
    from core.views.rules import RulesForm

    data = {name: getattr(rules, name) for name in RulesForm.Meta.fields}
    data.update(changes)
    return data


@pytest.mark.parametrize("username, status", [
    ("office", 200), ("director", 200), ("admin", 200), ("lead-caijing", 403),
])
def test_who_may_read_the_rules(baiyun, username, status):
    response = client_for(username).get(URL)
    assert response.status_code == status
    if status == 200:
        assert "代表建议办理" in response.content.decode()


def test_anonymous_is_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("username", ["office", "director", "lead-caijing"])
def test_only_administrators_change_the_rules(baiyun, username):
    from core.rules import rules_for

    rules = rules_for(baiyun)
    response = client_for(username).post(URL, _form_data(rules, suggestion_reply_months=2))
    assert response.status_code == 403
    assert BodyRules.objects.get(body=baiyun).suggestion_reply_months == 3


def test_a_changed_reply_time_applies_to_the_next_assignment_and_is_logged(baiyun):
    from core.rules import rules_for
    from deputies.suggestions import lifecycle

    rules = rules_for(baiyun)
    response = client_for("admin").post(URL, _form_data(rules, suggestion_reply_months=2))
    assert response.status_code == 302
    assert BodyRules.objects.get(body=baiyun).suggestion_reply_months == 2
    assert lifecycle.reply_due(baiyun, date(2023, 3, 31)) == date(2023, 5, 31)
    page = client_for("admin").get(URL).content.decode()
    assert "建议答复期限（交办后月数）：3 → 2" in page


def test_bad_values_are_named_and_nothing_is_saved(baiyun):
    from core.rules import rules_for

    rules = rules_for(baiyun)
    response = client_for("admin").post(URL, _form_data(rules, suggestion_reply_months=7, suggestion_max_months=6))
    assert response.status_code == 200
    assert "延期后最长办理期限不能短于答复期限" in response.content.decode()
    assert BodyRules.objects.get(body=baiyun).suggestion_reply_months == 3


def test_a_stale_form_does_not_undo_anothers_change(baiyun):
    from core.rules import rules_for
    from core.views.rules import RulesForm, _marker

    rules = rules_for(baiyun)
    stale = _marker({name: getattr(rules, name) for name in RulesForm.Meta.fields})
    BodyRules.objects.filter(pk=rules.pk).update(reception_target=6)
    response = client_for("admin").post(URL, {**_form_data(rules, materials_days=5), "version_marker": stale})
    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    fresh = BodyRules.objects.get(pk=rules.pk)
    assert (fresh.reception_target, fresh.materials_days) == (6, 7)
