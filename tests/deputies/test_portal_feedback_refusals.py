"""The deputy's feedback on a reply (满意/基本满意/不满意), refused: the page opens at the feedback form, at the
bottom of a long page, where the problem is shown with everything typed kept; nothing is saved. A page someone
else updated meanwhile says so at the form too. Good feedback is saved as before."""

import re
from datetime import date

import pytest

from deputies.models.suggestions import SuggestionStatus as S
from deputies.suggestions import lifecycle
from tests.conftest import client_for
from tests.deputies.test_portal_deputy import deputy_user, replied, url
from tests.isolation_suggestions import deputies_for, office_user, units_for

COMMENT = "答复只说“列入计划”，没有开通时间。" * 3


@pytest.fixture
def proposer(baiyun):
    deputy_user(baiyun, deputies_for(baiyun, 4)[0], "fb-proposer")
    return client_for("fb-proposer")


def _feedback_section(html):
    found = re.search(r'<section [^>]*id="feedback">(.*?)</section>', html, re.S)
    assert found, "the feedback form is not on the page"
    return found.group(1)


def _top_messages(html):
    found = re.search(r'<ul class="messages">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


def test_unsatisfied_without_a_reason_opens_at_the_form_with_the_choice_kept(baiyun, proposer):
    s = replied(baiyun, title="反馈退回测试建议")
    answer = proposer.post(url("portal-deputy-feedback", s), {
        "feedback-version": s.version, "feedback-result": "unsatisfied", "feedback-comment": " "})
    assert answer.status_code == 400
    html = answer.content.decode()
    section = _feedback_section(html)
    # Sent again to …/feedback/#feedback: the browser shows the form, not the top of the page.
    assert f'action="{url("portal-deputy-feedback", s)}#feedback"' in section
    assert 'role="alert"' in section and "反馈未提交" in section
    assert "意见说明：代表不满意时请填写不满意的理由" in section
    assert re.search(r'<input type="radio" name="feedback-result" value="unsatisfied"[^>]*checked', section)
    s.refresh_from_db()
    assert s.status == S.REPLIED and not s.feedbacks.exists()


def test_a_reason_too_long_is_refused_at_the_form_with_the_text_kept(baiyun, proposer):
    s = replied(baiyun, title="反馈过长测试建议")
    typed = COMMENT * 100  # over the 4,000 characters a comment may have
    answer = proposer.post(url("portal-deputy-feedback", s), {
        "feedback-version": s.version, "feedback-result": "unsatisfied", "feedback-comment": typed})
    assert answer.status_code == 400
    section = _feedback_section(answer.content.decode())
    assert "意见说明：" in section and "反馈未提交" in section
    assert typed in section
    assert not s.feedbacks.exists()


def test_a_page_updated_meanwhile_is_said_at_the_form_with_what_was_typed(baiyun, proposer):
    s = replied(baiyun, title="反馈过期测试建议")
    shown = s.version
    lifecycle.add_contact(s, units_for(baiyun)[0], stage="after", way="phone", contacted_on=date(2023, 4, 21),
                          by=office_user(baiyun))
    answer = proposer.post(url("portal-deputy-feedback", s), {
        "feedback-version": shown, "feedback-result": "basic", "feedback-comment": COMMENT})
    assert answer.status_code == 400
    html = answer.content.decode()
    section = _feedback_section(html)
    assert "已被他人更新" in section and "已被他人更新" not in _top_messages(html)
    assert COMMENT in section
    assert re.search(r'<input type="radio" name="feedback-result" value="basic"[^>]*checked', section)
    s.refresh_from_db()
    assert f'name="feedback-version" value="{s.version}"' in section
    assert s.status == S.REPLIED and not s.feedbacks.exists()


def test_good_feedback_is_saved_as_before(baiyun, proposer):
    s = replied(baiyun, title="反馈保存测试建议")
    answer = proposer.post(url("portal-deputy-feedback", s), {
        "feedback-version": s.version, "feedback-result": "unsatisfied", "feedback-comment": COMMENT})
    assert answer.status_code == 302 and answer["Location"] == url("portal-deputy-suggestion", s)
    s.refresh_from_db()
    assert s.status == S.REHANDLING and s.feedbacks.get().comment == COMMENT
    page = proposer.get(answer["Location"]).content.decode()
    assert "已提交“不满意”意见" in _top_messages(page) and 'id="feedback"' not in page
