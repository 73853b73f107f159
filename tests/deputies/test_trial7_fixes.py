"""The findings of the new-user trial of suggestions online (issue 7), each with the test that failed
before its fix: phone numbers on the public pages, the first password, re-handling on the unit's
workbench, the unit's response report, re-issuing accounts, promoting a co-unit, receptions, stale
pages, co-signers of a returned suggestion, and the smaller ones (deleting drafts, user names, the
deputy's 办理中 count, public search by name)."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from deputies.accounts import issuing
from deputies.models import Assignment, Suggestion
from deputies.models.suggestions import SuggestionStatus as S
from deputies.public import disclosure
from deputies.suggestions import lifecycle, online
from tests.isolation_suggestions import assigned, deputies_for, office_user, units_for

MOBILE = "13812345678"
LANDLINE = "020-87654321"
LOCAL = "86123456"


# --- 1. phone numbers on the public pages ----------------------------------------------------------


def test_mask_phones_hides_the_middle_digits_of_mobiles_and_landlines():
    mask = disclosure.mask_phones
    assert mask(f"请联系{MOBILE}。") == "请联系138****5678。"
    assert mask("138-1234-5678 或 +86 13812345678") == "138-****-5678 或 +86 138****5678"
    assert mask(f"座机{LANDLINE}转分机") == "座机020-****4321转分机"
    assert mask(f"值班电话{LOCAL}，") == "值班电话****3456，"
    # Not phones: amounts, longer numbers, codes, decimals, dates.
    for text in ("投入资金12345678元", "账号6222021234567890123", "文号AB12345678", "3.14159265", "2023年3月15日"):
        assert mask(text) == text


@pytest.fixture
def published(baiyun):
    office = office_user(baiyun)
    s = assigned(baiyun, number=871, title="关于电话号码公开的建议", cosigners=1)
    Suggestion.objects.filter(pk=s.pk).update(content=f"请承办单位联系我：{MOBILE}。")
    lifecycle.sign_for(s, units_for(baiyun)[0], signed_on=date(2023, 2, 2), by=office)
    lifecycle.reply(s, replied_on=date(2023, 3, 10), reply_class="A",
                    text=f"已办理。经办人电话{LANDLINE}，值班{LOCAL}，手机{MOBILE}。", by=office)
    s.refresh_from_db()
    return s


def _public_texts(body, s):
    client = Client()
    detail = client.get(reverse("public-suggestion", args=[body.pk, s.pk])).content.decode()
    listing = client.get(reverse("public-suggestions", args=[body.pk]), {"q": s.title}).content.decode()
    return detail, listing


def test_phone_numbers_in_content_and_replies_are_masked_on_the_public_pages(baiyun, published, office_client):
    s = published
    answer = office_client.post(reverse("suggestion-publish", args=[s.pk]), {
        "publish-version": s.version, "publish-is_public": "on",
        "publish-replies": [r.pk for r in s.replies.all()]}, follow=True)
    page = answer.content.decode()
    assert "含有电话号码" in page and "138****5678" in page  # the office is told they will be masked
    detail, listing = _public_texts(baiyun, s)
    assert f'id="suggestion-{s.pk}"' in listing
    for number in (MOBILE, "87654321", LOCAL):
        assert number not in detail and number not in listing
    assert "138****5678" in detail and "020-****4321" in detail and "****3456" in detail
    assert "已办理" in detail and "请承办单位联系我" in detail
    # The hidden digits find nothing; the visible text still does.
    search = reverse("public-suggestions", args=[baiyun.pk])
    assert "共 0 件" in Client().get(search, {"q": MOBILE}).content.decode()
    assert "共 0 件" in Client().get(search, {"q": "1234567"}).content.decode()
    assert f'id="suggestion-{s.pk}"' in Client().get(search, {"q": "5678"}).content.decode()
    # Nothing stored changed: the office still reads the number it was given.
    s.refresh_from_db()
    assert MOBILE in s.content


def test_bulk_publishing_masks_too_and_warns(baiyun, published, office_client):
    s = published
    answer = office_client.post(reverse("suggestion-publish-batch"), {"suggestions": [s.pk], "action": "publish"},
                                follow=True)
    page = answer.content.decode()
    assert "含有电话号码" in page and s.number_label in page
    detail, _ = _public_texts(baiyun, s)
    assert MOBILE not in detail and "87654321" not in detail and "138****5678" in detail


def test_publishing_a_text_without_numbers_gives_no_warning(baiyun, office_client):
    s = assigned(baiyun, number=872, title="关于没有号码的建议")
    answer = office_client.post(reverse("suggestion-publish-batch"), {"suggestions": [s.pk], "action": "publish"},
                                follow=True)
    assert "含有电话号码" not in answer.content.decode()


# --- 2. the first password must really change ----------------------------------------------------------


def test_the_new_password_may_not_be_the_initial_one(baiyun, office_client):
    import re

    from core.models import AccountSetup

    deputy = deputies_for(baiyun, 4)[3]
    text = office_client.post(reverse("deputy-accounts"), {"deputies": [deputy.pk], "method": "password"}
                              ).content.decode()
    password = re.search(r"data-password>([^<]+)<", text).group(1)
    deputy.refresh_from_db()
    client = Client()
    assert client.post(reverse("login"), {"username": deputy.user.username, "password": password}).status_code == 302
    same = client.post(reverse("password-change"), {"old_password": password, "new_password1": password,
                                                    "new_password2": password})
    page = same.content.decode()
    assert same.status_code == 200 and "新密码不能与原密码" in page
    assert not page.count("新密码不能与原密码") > 1  # once, next to the field
    assert AccountSetup.objects.get(user=deputy.user).must_change_password
    assert client.get("/")["Location"] == reverse("password-change")  # still sent to change it
    done = client.post(reverse("password-change"), {"old_password": password, "new_password1": "Qiyue-2024-zhan",
                                                    "new_password2": "Qiyue-2024-zhan"})
    assert done.status_code == 302 and not AccountSetup.objects.get(user=deputy.user).must_change_password


# --- 3. re-handling on the unit's workbench ------------------------------------------------------------


def test_the_lead_unit_sees_rehandling_on_its_workbench_with_the_new_due_date(baiyun):
    from tests.portal_unit_builders import client_of, unit_user

    units = units_for(baiyun, 3)
    lead_user = unit_user(baiyun, units[0], "t7-rehandle-lead")
    co_user = unit_user(baiyun, units[1], "t7-rehandle-co")
    office = office_user(baiyun)
    s = assigned(baiyun, title="关于重新办理提示的建议")
    lifecycle.sign_for(s, units[0], signed_on=date(2023, 2, 2), by=office)
    lifecycle.reply(s, replied_on=date(2023, 3, 10), reply_class="C", text="暂难解决。", by=office)
    home = client_of(lead_user).get(reverse("portal-unit-home")).content.decode()
    assert 'id="rehandling"' not in home
    today = timezone.localdate()
    lifecycle.give_feedback(s, result="unsatisfied", comment="没有具体时间表", given_on=today, by=office)
    s.refresh_from_db()
    assert s.status == S.REHANDLING and s.round == 2
    home = client_of(lead_user).get(reverse("portal-unit-home")).content.decode()
    block = home.split('id="rehandling"', 1)[1].split("</section>", 1)[0]
    card = block.split(f'id="rehandling-{s.pk}"', 1)[1]
    assert "第2轮重新办理" in card and s.reply_due_on.strftime("%Y-%m-%d") in card
    assert "没有具体时间表" in card and s.title in card
    assert "不满意重新办理" in home.split('id="unit-counts"', 1)[1].split("</ul>", 1)[0]
    # Above the other lists of the workbench.
    assert home.index('id="rehandling"') < home.index('id="to-sign"')
    # The co-unit has no reply to give: not on its workbench; once replied again, gone from the lead's.
    assert 'id="rehandling"' not in client_of(co_user).get(reverse("portal-unit-home")).content.decode()
    lifecycle.reply(s, replied_on=today, reply_class="B", text="已列入计划。", by=office)
    assert 'id="rehandling"' not in client_of(lead_user).get(reverse("portal-unit-home")).content.decode()


# --- 4. the unit's response report to a review opinion ---------------------------------------------------


@pytest.fixture
def opinion_world(baiyun):
    from django.core.files.base import ContentFile

    from core.models import ReportingBody
    from meetings.models import AgendaItem
    from supervision.models import ReviewOpinion
    from supervision.opinions import create_opinion
    from tests.portal_unit_builders import unit_user

    unit = ReportingBody.objects.filter(body=baiyun).order_by("order", "pk")[0]
    item = AgendaItem.objects.get(meeting__body=baiyun, meeting__kind="standing", meeting__year=2023,
                                  meeting__number=13, order=3)
    opinion = create_opinion(ReviewOpinion(agenda_item=item, reporting_body=unit, sent_on=date(2023, 5, 31),
                                           text="意见。", document=ContentFile(b"doc", name="yijian.txt")),
                             office_user(baiyun))
    return opinion, unit_user(baiyun, unit, "t7-opinion-a"), unit_user(baiyun, unit, "t7-opinion-b")


def _upload(name="fankui.pdf", content=b"%PDF-1.4 response"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _version_on(page: str) -> str:
    import re

    return re.search(r'name="version" value="([0-9a-f]+)"', page).group(1)


def test_the_response_form_is_refused_when_stale_and_shows_the_current_report(opinion_world):
    from supervision.models import ReviewOpinion
    from tests.portal_unit_builders import client_of

    opinion, first, second = opinion_world
    url = reverse("portal-unit-opinion", args=[opinion.pk])
    respond = reverse("portal-unit-opinion-respond", args=[opinion.pk])
    one, two = client_of(first), client_of(second)
    page_one = one.get(url).content.decode()
    page_two = two.get(url).content.decode()
    # Without a version: refused.
    assert one.post(respond, {"response_on": "2023-07-20", "response_document": _upload()}).status_code == 400
    assert one.post(respond, {"version": _version_on(page_one), "response_on": "2023-07-20",
                              "response_document": _upload()}).status_code == 302
    # The second contact's page is stale: refused, nothing changed, the page shows the current state.
    stale = two.post(respond, {"version": _version_on(page_two), "response_on": "2023-07-25",
                               "response_document": _upload("other.pdf", b"other")})
    text = stale.content.decode()
    assert stale.status_code == 400 and "已被他人更新" in text and "2023年7月20日" in text
    assert "版" not in text.split('class="messages"', 1)[1].split("</ul>", 1)[0]  # no version jargon
    opinion.refresh_from_db()
    assert opinion.response_on == date(2023, 7, 20) and opinion.response_document.read() == b"%PDF-1.4 response"
    # The fresh form carries the current version: it may be sent.
    assert _version_on(text) == _version_on(two.get(url).content.decode())
    assert ReviewOpinion.objects.get(pk=opinion.pk).response_on == date(2023, 7, 20)


def test_the_response_report_has_a_plain_file_input_a_working_link_and_is_never_cleared(opinion_world):
    from tests.portal_unit_builders import client_of

    opinion, first, _ = opinion_world
    client = client_of(first)
    url = reverse("portal-unit-opinion", args=[opinion.pk])
    respond = reverse("portal-unit-opinion-respond", args=[opinion.pk])
    page = client.get(url).content.decode()
    client.post(respond, {"version": _version_on(page), "response_on": "2023-07-20", "response_document": _upload()})
    page = client.get(url).content.decode()
    form = page.split('id="respond-form"', 1)[1].split("</form>", 1)[0]
    assert "清除" not in form and "目前" not in form and "-clear" not in form and "/media/" not in page
    link = reverse("portal-unit-opinion-document", args=[opinion.pk]) + "?which=response"
    assert f'href="{link}"' in form and "fankui" in form
    download = client.get(link)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 response"
    # A forged 清除 box, or no file sent: the report stays, the status stays 已反馈.
    answer = client.post(respond, {"version": _version_on(page), "response_on": "2023-07-21",
                                   "response_document-clear": "on"})
    assert answer.status_code == 302
    opinion.refresh_from_db()
    assert opinion.response_on == date(2023, 7, 21) and opinion.response_document
    assert "已反馈" in client.get(url).content.decode()


# --- 5. 重新发放: confirm, then a hand-out shown once -------------------------------------------------------


def test_reissue_asks_first_then_shows_the_sheet_once(baiyun, office_client):
    import re

    from deputies.models import Deputy

    deputy = deputies_for(baiyun, 4)[2]
    issuing.create_deputy_accounts(baiyun, [deputy], "password", None, None)
    user = Deputy.objects.get(pk=deputy.pk).user
    before = user.password
    url = reverse("deputy-account-reissue", args=[deputy.pk])
    listing = office_client.get(reverse("deputy-accounts")).content.decode()
    assert f'href="{url}?next=' in listing  # the row links to the confirmation, it issues nothing
    for confirm_page in (office_client.get(url), office_client.post(url, {"method": "password"})):
        text = confirm_page.content.decode()
        assert confirm_page.status_code == 200 and 'id="reissue-confirm"' in text and "立即失效" in text
        assert user.username in text and "确认重新发放" in text
        user.refresh_from_db()
        assert user.password == before  # nothing issued yet
    done = office_client.post(url, {"method": "password", "confirm": "1", "next": reverse("deputy-accounts")})
    assert done.status_code == 302 and done["Location"].startswith(reverse("account-handout"))
    user.refresh_from_db()
    issued = user.password
    assert issued != before
    sheet = office_client.get(done["Location"])
    text = sheet.content.decode()
    password = re.search(r"data-password>([^<]+)<", text).group(1)
    assert sheet.status_code == 200 and "本页只显示这一次" in text and user.check_password(password)
    assert "no-store" in sheet["Cache-Control"] or "no-cache" in sheet["Cache-Control"]
    # Nothing in clear in the session, nor in the URL.
    assert password not in str(dict(office_client.session)) and password not in done["Location"]
    # A refresh: no sheet, no new password.
    again = office_client.get(done["Location"])
    text = again.content.decode()
    assert again.status_code == 200 and "已经显示过" in text and "data-password" not in text
    user.refresh_from_db()
    assert user.password == issued


def test_reissue_of_a_unit_contact_confirms_too(baiyun, office_client):
    from core import accounts
    from core.models import ReportingBody, UnitContact

    unit = ReportingBody.objects.filter(body=baiyun).order_by("order", "pk")[0]
    accounts.create_unit_contact(baiyun, unit, "handler", "李四", "", "", "t7-li", "link", None, None)
    contact = UnitContact.objects.get(user__username="t7-li")
    url = reverse("unit-contact-reissue", args=[contact.pk])
    assert f'href="{url}"' in office_client.get(reverse("unit-accounts")).content.decode()
    assert 'id="reissue-confirm"' in office_client.get(url).content.decode()
    done = office_client.post(url, {"method": "link", "confirm": "1"})
    assert "/accounts/setup/" in office_client.get(done["Location"]).content.decode()
    assert "已经显示过" in office_client.get(done["Location"]).content.decode()


# --- 6. a co-unit may take over as lead ------------------------------------------------------------------


def test_the_office_promotes_a_co_unit_to_lead_on_a_reassignment_request(baiyun, office_client):
    from deputies.models import ReassignRequest, SuggestionEvent

    lead, co, _ = units_for(baiyun, 3)
    s = assigned(baiyun, title="关于协办改主办的建议")
    request = online.ask_reassignment(s, lead, reason="主要职责在协办单位", suggested_unit=co.name, by=None)
    s.refresh_from_db()
    page = office_client.get(reverse("suggestion-detail", args=[s.pk])).content.decode()
    form = page.split(f'reassign-{request.pk}-new_unit', 1)[1].split("</select>", 1)[0]
    assert f'value="{co.pk}"' in form and "现协办，改为主办" in form
    assert f'value="{lead.pk}"' not in form
    answer = office_client.post(reverse("reassign-decide", args=[request.pk]), {
        f"reassign-{request.pk}-version": s.version, f"reassign-{request.pk}-decision": "approve",
        f"reassign-{request.pk}-new_unit": co.pk,
        f"reassign-{request.pk}-decided_on": timezone.localdate().isoformat(), f"reassign-{request.pk}-note": ""})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    s.refresh_from_db()
    assert s.lead_unit == co
    active = {(a.unit_id, a.role) for a in Assignment.objects.filter(suggestion=s, active=True)}
    assert active == {(co.pk, "lead")}
    ended = Assignment.objects.get(suggestion=s, unit=co, role="co")
    assert not ended.active and ended.ended_on == timezone.localdate()
    request.refresh_from_db()
    assert request.decision == ReassignRequest.Decision.APPROVED and request.new_unit == co
    event = SuggestionEvent.objects.filter(suggestion=s, kind="reassigned").latest("pk")
    assert f"改由{co.name}主办" in event.text and "原为协办单位" in event.text


def test_a_co_unit_asking_to_leave_cannot_hand_over_to_another_current_unit(baiyun):
    lead, co, _ = units_for(baiyun, 3)
    s = assigned(baiyun, title="关于协办申请调整的建议")
    request = online.ask_reassignment(s, co, reason="不相关", by=None)
    with pytest.raises(lifecycle.LifecycleError, match="已是该建议的主办单位"):
        online.decide_reassignment(request, approve=True, new_unit=lead, by=office_user(baiyun))


# --- 7. a deputy's own receptions: no duplicates, no dates out of range ----------------------------------


@pytest.fixture
def reception_deputy(baiyun):
    from deputies.models import Deputy, Station
    from tests.conftest import client_for
    from tests.parties import deputy_user

    deputy = deputies_for(baiyun, 4)[3]
    Deputy.objects.filter(pk=deputy.pk).update(station=Station.objects.filter(body=baiyun).order_by("pk").first())
    deputy.refresh_from_db()
    deputy_user(deputy, "t7-reception")
    return deputy, client_for("t7-reception")


def _reception(client, deputy, held_on, **extra):
    return client.post(reverse("portal-deputy-reception-new"), {
        "station": deputy.station_id, "held_on": held_on.isoformat(), "voters": 3, "issues": "停车难", "note": "",
        **extra})


def test_the_same_reception_from_two_tabs_is_counted_once(reception_deputy):
    from deputies.models import Reception

    deputy, client = reception_deputy
    today = timezone.localdate()
    assert _reception(client, deputy, today).status_code == 302
    again = _reception(client, deputy, today)
    text = again.content.decode()
    assert again.status_code == 400 and "不能重复登记" in text and deputy.station.name in text
    assert Reception.objects.filter(deputies=deputy, held_on=today).count() == 1
    # Another day, or another station, is another reception.
    assert _reception(client, deputy, today - timedelta(days=1)).status_code == 302


def test_a_reception_too_old_or_in_the_future_is_refused_naming_the_date(reception_deputy):
    from deputies.models import Reception
    from deputies.portal_deputy.forms import earliest_own_reception

    deputy, client = reception_deputy
    for day in (date(2020, 5, 1), timezone.localdate() - timedelta(days=400),
                timezone.localdate() + timedelta(days=1)):
        answer = _reception(client, deputy, day)
        text = answer.content.decode()
        assert answer.status_code == 400 and "接待日期：" in text, day
        assert not Reception.objects.filter(deputies=deputy, held_on=day).exists()
    text = _reception(client, deputy, date(2020, 5, 1)).content.decode()
    assert "本届任期内、一年以内" in text and earliest_own_reception(deputy.body).strftime("%Y-%m-%d") in text


# --- 8. stale pages: plain words, and only what is still possible --------------------------------------------


def _no_version_jargon(text):
    import re

    assert not re.search(r"第\s*\d+\s*版", text)


def test_a_stale_unit_step_says_so_plainly_and_drops_the_step_already_taken(baiyun):
    from tests.portal_unit_builders import assigned_to, client_of, unit_user

    units = units_for(baiyun, 2)
    first, second = unit_user(baiyun, units[0], "t7-stale-a"), unit_user(baiyun, units[0], "t7-stale-b")
    s = assigned_to(baiyun, units[0], [units[1]], title="关于过期页面的建议")
    sign = reverse("portal-unit-sign", args=[s.pk])
    shown = s.version
    assert client_of(first).post(sign, {"sign-version": shown}).status_code == 302
    answer = client_of(second).post(sign, {"sign-version": shown})
    text = answer.content.decode()
    assert answer.status_code == 400 and "该建议已被他人更新，请查看最新内容后再操作" in text
    _no_version_jargon(text)
    assert f'action="{sign}"' not in text  # signed already: no 签收 form offered again
    assert f'{timezone.localdate():%Y-%m-%d} 签收' in text and "本单位尚未签收" not in text  # the current state


def test_a_stale_step_still_possible_keeps_what_was_typed_with_the_current_version(baiyun):
    from tests.portal_unit_builders import assigned_to, client_of, unit_user

    units = units_for(baiyun, 2)
    contact = unit_user(baiyun, units[0], "t7-stale-c")
    s = assigned_to(baiyun, units[0], [units[1]], title="关于过期沟通的建议")
    shown = s.version
    lifecycle.sign_for(s, units[0], signed_on=timezone.localdate(), by=office_user(baiyun))
    s.refresh_from_db()
    answer = client_of(contact).post(reverse("portal-unit-contact", args=[s.pk]), {
        "contact-version": shown, "contact-stage": "before", "contact-way": "phone",
        "contact-contacted_on": timezone.localdate().isoformat(), "contact-note": "电话沟通了办理思路"})
    text = answer.content.decode()
    assert answer.status_code == 400 and "已被他人更新" in text and "电话沟通了办理思路" in text
    assert f'name="contact-version" value="{s.version}"' in text


def test_a_stale_deputy_feedback_is_not_offered_again(baiyun):
    from tests.conftest import client_for
    from tests.parties import deputy_user

    office = office_user(baiyun)
    people = deputies_for(baiyun, 4)
    deputy_user(people[0], "t7-stale-deputy")
    s = assigned(baiyun, title="关于过期反馈的建议")
    lifecycle.sign_for(s, units_for(baiyun)[0], signed_on=date(2023, 2, 2), by=office)
    lifecycle.reply(s, replied_on=date(2023, 3, 10), reply_class="A", text="已解决。", by=office)
    s.refresh_from_db()
    shown = s.version
    lifecycle.give_feedback(s, result="satisfied", given_on=timezone.localdate(), by=office)  # paper, by the office
    feedback = reverse("portal-deputy-feedback", args=[s.pk])
    answer = client_for("t7-stale-deputy").post(feedback, {"feedback-version": shown, "feedback-result": "basic"})
    text = answer.content.decode()
    assert answer.status_code == 400 and "已被他人更新" in text
    _no_version_jargon(text)
    assert f'action="{feedback}"' not in text and "已办结" in text


def test_a_stale_office_step_shows_the_current_state(baiyun, office_client):
    people = deputies_for(baiyun, 4)
    s = online.submit(online.save_draft(baiyun, people[0], title="关于过期审查的建议", content="内容。", by=None),
                      by=None)
    shown = s.version
    online.return_to_deputy(s, reason="请补充", by=office_user(baiyun))
    accept = reverse("suggestion-accept", args=[s.pk])
    answer = office_client.post(accept, {"accept-version": shown, "accept-accepted_on": timezone.localdate()})
    text = answer.content.decode()
    assert answer.status_code == 400 and "已被他人更新" in text
    _no_version_jargon(text)
    assert f'action="{accept}"' not in text


def test_stale_messages_name_no_version_anywhere():
    from deputies.roster.forms import StaleDeputyError
    from deputies.suggestions.lifecycle import STALE_MESSAGE

    assert "版" not in STALE_MESSAGE
    assert "版" not in str(StaleDeputyError(None))


# --- 9. a co-signer still sees a suggestion returned to its proposer -------------------------------------


@pytest.fixture
def two_deputies(baiyun):
    from tests.conftest import client_for
    from tests.parties import deputy_user

    people = deputies_for(baiyun, 4)
    deputy_user(people[0], "t7-proposer")
    deputy_user(people[1], "t7-cosigner")
    return people, client_for("t7-proposer"), client_for("t7-cosigner")


def test_a_cosigner_sees_a_returned_suggestion_read_only_with_its_status(baiyun, two_deputies):
    people, _, cosigner = two_deputies
    s = online.save_draft(baiyun, people[0], title="关于退回后附议可见的建议", content="内容。", cosigners=[people[1]],
                          by=None)
    detail = reverse("portal-deputy-suggestion", args=[s.pk])
    assert cosigner.get(detail).status_code == 404  # a draft is the proposer's alone
    s = online.submit(s, by=None)
    online.confirm_cosign(s, people[1], by=None)
    s.refresh_from_db()
    online.return_to_deputy(s, reason="请补充具体地点", by=office_user(baiyun))
    page = cosigner.get(detail)
    text = page.content.decode()
    assert page.status_code == 200 and "已退回" in text and "请补充具体地点" in text
    assert "再次确认附议" in text
    for step in ("portal-deputy-submit", "portal-deputy-draft-edit", "portal-deputy-confirm", "portal-deputy-decline"):
        assert reverse(step, args=[s.pk]) not in text, step  # read-only
    assert cosigner.get(reverse("portal-deputy-draft-edit", args=[s.pk])).status_code == 403
    listing = cosigner.get(reverse("portal-deputy-suggestions"), {"group": "checking"}).content.decode()
    assert f'href="{detail}"' in listing
    # The proposer changes it and keeps the co-signer: still visible; submitted again, asked to confirm again.
    s.refresh_from_db()
    s = online.save_draft(baiyun, people[0], title="关于退回后附议可见的建议（修改）", content="补充了地点。",
                          cosigners=[people[1]], by=None, suggestion=s, expected_version=s.version)
    assert cosigner.get(detail).status_code == 200
    s = online.submit(s, by=None)
    assert s.status == S.CONFIRMING
    assert reverse("portal-deputy-confirm", args=[s.pk]) in cosigner.get(detail).content.decode()
    # Dropped from the co-signers while returned: no longer theirs to see.
    online.decline_cosign(s, people[1], by=None)
    assert cosigner.get(detail).status_code == 404


# --- 10. the smaller ones --------------------------------------------------------------------------------


def test_the_deputy_counts_in_progress_only_what_is_being_handled(baiyun, two_deputies):
    import re

    people, proposer, _ = two_deputies
    confirming = online.submit(online.save_draft(baiyun, people[0], title="待附议的建议", content="x",
                                                 cosigners=[people[2]], by=None), by=None)
    submitted = online.submit(online.save_draft(baiyun, people[0], title="待审查的建议", content="x", by=None), by=None)
    handled = assigned(baiyun, title="办理中的建议")  # people[0] proposes it
    assert (confirming.status, submitted.status, handled.status) == (S.CONFIRMING, S.SUBMITTED, S.ASSIGNED)

    def counts(page):
        pairs = re.findall(r'<span class="n">(\d+)</span><span class="l">([^<]+)<', page)
        return {label: int(n) for n, label in pairs}

    home = counts(proposer.get(reverse("portal-deputy-home")).content.decode())
    in_progress = proposer.get(reverse("portal-deputy-suggestions"), {"group": "progress"}).content.decode()
    checking = proposer.get(reverse("portal-deputy-suggestions"), {"group": "checking"}).content.decode()
    for s in (confirming, submitted):
        link = f'href="{reverse("portal-deputy-suggestion", args=[s.pk])}"'
        assert link not in in_progress and link in checking
    assert f'href="{reverse("portal-deputy-suggestion", args=[handled.pk])}"' in in_progress
    assert home["审查中"] == checking.count('class="portal-card pd-sg') >= 2
    assert home["办理中"] == in_progress.count('class="portal-card pd-sg') >= 1


def test_the_author_deletes_a_draft_after_confirming(baiyun, two_deputies):
    people, proposer, cosigner = two_deputies
    s = online.save_draft(baiyun, people[0], title="要删除的草稿", content="x", cosigners=[people[1]], by=None)
    url = reverse("portal-deputy-draft-delete", args=[s.pk])
    detail = proposer.get(reverse("portal-deputy-suggestion", args=[s.pk])).content.decode()
    assert f'href="{url}"' in detail
    ask = proposer.get(url)
    assert ask.status_code == 200 and "确认删除" in ask.content.decode() and "要删除的草稿" in ask.content.decode()
    assert Suggestion.objects.filter(pk=s.pk).exists()  # a GET deletes nothing
    assert cosigner.post(url, {"version": s.version}).status_code in (403, 404)  # not the author's
    done = proposer.post(url, {"version": s.version})
    assert done.status_code == 302 and done["Location"] == reverse("portal-deputy-home")
    assert not Suggestion.objects.filter(pk=s.pk).exists()
    assert "已删除草稿" in proposer.get(done["Location"]).content.decode()


def test_a_submitted_suggestion_cannot_be_deleted(baiyun, two_deputies):
    people, proposer, _ = two_deputies
    s = online.submit(online.save_draft(baiyun, people[0], title="已提交的建议", content="x", by=None), by=None)
    url = reverse("portal-deputy-draft-delete", args=[s.pk])
    answer = proposer.post(url, {"version": s.version})
    assert answer.status_code in (400, 403) and Suggestion.objects.filter(pk=s.pk).exists()
    assert f'href="{url}"' not in proposer.get(reverse("portal-deputy-suggestion", args=[s.pk])).content.decode()


def test_a_unit_contacts_user_name_refuses_chinese_characters(baiyun, office_client):
    from core.models import ReportingBody, UnitContact

    unit = ReportingBody.objects.filter(body=baiyun).order_by("order", "pk")[0]
    answer = office_client.post(reverse("unit-accounts"), {
        "unit": unit.pk, "level": "handler", "name": "张三", "title": "", "phone": "", "username": "张三",
        "method": "link"})
    text = answer.content.decode()
    assert answer.status_code == 400 and "登录用户名：" in text and "汉字" in text
    assert not UnitContact.objects.filter(name="张三", unit=unit).exists()


def test_public_search_finds_deputies_and_units_by_name(baiyun):
    s = assigned(baiyun, number=873, title="关于按姓名搜索的建议")
    disclosure.set_public(s, public=True, reply_ids_public=[], by=office_user(baiyun))
    search = reverse("public-suggestions", args=[baiyun.pk])
    proposer = deputies_for(baiyun)[0].name
    unit = units_for(baiyun)[0].name
    for q in (proposer, unit):
        assert f'id="suggestion-{s.pk}"' in Client().get(search, {"q": q}).content.decode(), q
