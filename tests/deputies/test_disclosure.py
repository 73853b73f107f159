"""The public disclosure pages (/public/…, no log-in): only suggestions the office marked public,
only the replies it marked public, never contact details or internal steps, phone numbers in the texts
masked, each body its own, searchable by title, number, deputy and unit."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from deputies.models import Deputy, Reply, Suggestion
from deputies.public import disclosure
from deputies.suggestions import lifecycle
from tests.isolation_suggestions import assigned, deputies_for, make_suggestion, office_user, units_for

PHONES = ["13912345671", "13912345672", "13912345673", "13912345674"]
ADDRESS = "幸福路八十八号三栋"
HIDDEN_REPLY = "内部答复甲乙丙"
PUBLIC_REPLY = "公开答复丁戊己"
CONTACT_NOTE = "沟通记录庚辛壬"
CO_INPUT = "协办意见癸子丑"
EXTENSION_REASON = "延期理由寅卯辰"
STAFF_NAME = "办公室经办员巳午"
SECRET_TITLE = "未公开建议未申酉"
UNACCEPTED_TITLE = "未立案建议戌亥"
MOBILE = "13812345678"
LANDLINE = "020-87654321"
LOCAL = "86123456"


def _publish(s, reply_ids=()):
    s.refresh_from_db()
    disclosure.set_public(s, public=True, reply_ids_public=list(reply_ids), by=office_user(s.body))
    s.refresh_from_db()
    return s


@pytest.fixture
def world(baiyun, second_body):
    """A public suggestion with one public and one hidden reply, and everything that must never show."""
    office = office_user(baiyun)
    office.first_name = STAFF_NAME
    office.save(update_fields=["first_name"])
    people = deputies_for(baiyun, 4)
    for deputy, phone in zip(people, PHONES):
        Deputy.objects.filter(pk=deputy.pk).update(phone=phone, address=ADDRESS)
    units = units_for(baiyun)
    s = assigned(baiyun, number=801, title="关于公开测试的建议", cosigners=2)
    lifecycle.sign_for(s, units[0], signed_on=date(2023, 2, 2), by=office)
    lifecycle.record_co_input(s, units[1], input_on=date(2023, 2, 10), text=CO_INPUT, by=office)
    lifecycle.add_contact(s, units[0], stage="before", way="phone", contacted_on=date(2023, 2, 3), note=CONTACT_NOTE,
                          by=office)
    lifecycle.ask_extension(s, asked_on=date(2023, 3, 1), reason=EXTENSION_REASON, requested_due_on=date(2023, 6, 1),
                            by=office)
    lifecycle.reply(s, replied_on=date(2023, 3, 10), reply_class="B", text=PUBLIC_REPLY, by=office)
    lifecycle.give_feedback(s, result="unsatisfied", comment="需要时间表", given_on=date(2023, 3, 12), by=office)
    lifecycle.reply(s, replied_on=date(2023, 3, 30), reply_class="A", text=HIDDEN_REPLY, by=office)
    first = Reply.objects.get(suggestion=s, round=1)
    s = _publish(s, [first.pk])
    secret = make_suggestion(baiyun, number=802, title=SECRET_TITLE)
    unaccepted = make_suggestion(baiyun, number=803, title=UNACCEPTED_TITLE)
    # Marked public by a slip (not through the pages), but never accepted: still never shown.
    Suggestion.objects.filter(pk=unaccepted.pk).update(is_public=True, status="submitted")
    other = _publish(make_suggestion(second_body, number=804, title="另一区的公开建议"))
    return {"public": s, "secret": secret, "unaccepted": unaccepted, "other": other, "people": people}


FORBIDDEN = [*PHONES, ADDRESS, HIDDEN_REPLY, CONTACT_NOTE, CO_INPUT, EXTENSION_REASON, STAFF_NAME, SECRET_TITLE,
             UNACCEPTED_TITLE, "需要时间表", "office"]


def _assert_clean(text):
    leaked = [word for word in FORBIDDEN if word in text]
    assert not leaked, leaked


def _list(client, body, **query):
    return client.get(reverse("public-suggestions", args=[body.pk]), query)


def test_anonymous_visitors_see_the_public_suggestion_with_its_public_reply_only(world, baiyun):
    client = Client()
    s = world["public"]
    index = client.get(reverse("public-index"))
    assert index.status_code == 200 and baiyun.name in index.content.decode()
    listing = _list(client, baiyun, q="公开测试")
    text = listing.content.decode()
    assert listing.status_code == 200 and f'id="suggestion-{s.pk}"' in text and "第801号" in text
    _assert_clean(text)
    detail = client.get(reverse("public-suggestion", args=[baiyun.pk, s.pk]))
    text = detail.content.decode()
    assert detail.status_code == 200
    assert s.title in text and PUBLIC_REPLY in text and "B类" in text
    for deputy in world["people"][:3]:
        assert deputy.name in text  # proposer and co-signers by name
    assert units_for(baiyun)[0].name in text and "主办" in text
    _assert_clean(text)
    assert "下载" not in text and "/document/" not in text  # reply letters are not served


def test_nothing_unmarked_appears_anywhere(world, baiyun):
    client = Client()
    pages = [("", _list(client, baiyun)), ("", _list(client, baiyun, year=2023))]
    pages += [(word, _list(client, baiyun, q=word)) for word in (SECRET_TITLE, UNACCEPTED_TITLE, HIDDEN_REPLY,
                                                                     CONTACT_NOTE, CO_INPUT, "803", PHONES[0])]
    for word, response in pages:
        assert response.status_code == 200
        text = response.content.decode()
        if word:
            assert "共 0 件" in text, word
            text = text.replace(word, "")  # the search box shows what was typed
        _assert_clean(text)
        assert f'id="suggestion-{world["secret"].pk}"' not in text
    # Searching for the hidden reply's words finds nothing; the public reply's words find the suggestion.
    assert "共 0 件" in _list(client, baiyun, q=HIDDEN_REPLY).content.decode()
    found = _list(client, baiyun, q=PUBLIC_REPLY).content.decode()
    assert f'id="suggestion-{world["public"].pk}"' in found and "共 1 件" in found
    assert f'id="suggestion-{world["public"].pk}"' in _list(client, baiyun, q="第801号").content.decode()
    for key in ("secret", "unaccepted"):
        url = reverse("public-suggestion", args=[baiyun.pk, world[key].pk])
        assert client.get(url).status_code == 404, key


def test_a_public_suggestion_without_public_replies_shows_none(world, baiyun):
    s = world["public"]
    Reply.objects.filter(suggestion=s).update(is_public=False)
    text = Client().get(reverse("public-suggestion", args=[baiyun.pk, s.pk])).content.decode()
    assert "暂无公开的答复" in text and PUBLIC_REPLY not in text and HIDDEN_REPLY not in text


def test_taken_off_again_it_is_gone(world, baiyun):
    s = world["public"]
    disclosure.set_public(s, public=False, reply_ids_public=[], by=None)
    client = Client()
    assert client.get(reverse("public-suggestion", args=[baiyun.pk, s.pk])).status_code == 404
    assert f'id="suggestion-{s.pk}"' not in _list(client, baiyun, q="公开测试").content.decode()


def test_each_body_keeps_its_own_under_its_own_address(world, baiyun, second_body):
    client = Client()
    other = world["other"]
    assert client.get(reverse("public-suggestion", args=[baiyun.pk, other.pk])).status_code == 404
    assert client.get(reverse("public-suggestion", args=[second_body.pk, world["public"].pk])).status_code == 404
    assert "另一区的公开建议" not in _list(client, baiyun).content.decode()
    assert "另一区的公开建议" not in _list(client, baiyun, q="另一区").content.decode()
    theirs = _list(client, second_body).content.decode()
    assert "另一区的公开建议" in theirs and "公开测试" not in theirs
    assert client.get(reverse("public-suggestion", args=[second_body.pk, other.pk])).status_code == 200
    assert client.get(reverse("public-suggestions", args=[999999])).status_code == 404


def test_logged_in_users_of_any_kind_see_the_same_public_pages(world, baiyun):
    from tests.conftest import client_for

    for username in ("office-other", "deputy-demo", "unit-demo"):
        response = client_for(username).get(reverse("public-suggestion", args=[baiyun.pk, world["public"].pk]))
        assert response.status_code == 200, username
        _assert_clean(response.content.decode())


def test_the_public_list_queries_do_not_grow_with_rows(baiyun, django_assert_max_num_queries):
    office = office_user(baiyun)
    for n in range(30):
        s = assigned(baiyun, number=700 + n, title=f"查询次数公开建议{n}", cosigners=2)
        lifecycle.reply(s, replied_on=date(2023, 3, 1), reply_class="A", text="答复", by=office)
        _publish(s, Reply.objects.filter(suggestion=s).values_list("pk", flat=True))
    client = Client()
    with django_assert_max_num_queries(8):
        response = _list(client, baiyun, q="查询次数公开建议")
    assert response.content.decode().count('id="suggestion-') == 20  # one page
    with django_assert_max_num_queries(8):
        response = client.get(reverse("public-suggestion", args=[baiyun.pk, s.pk]))
    assert response.status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(reverse("public-index")).status_code == 200


def test_the_demo_data_has_public_suggestions_without_any_phone(baiyun):
    client = Client()
    text = _list(client, baiyun).content.decode()
    assert "共 0 件" not in text
    phones = [p for p in Deputy.objects.filter(body=baiyun).exclude(phone="").values_list("phone", flat=True)]
    assert phones and not [p for p in phones if p in text]
    first = Suggestion.objects.filter(body=baiyun, is_public=True, number__isnull=False).exclude(
        status__in=disclosure.NOT_PUBLISHABLE).first()
    detail = client.get(reverse("public-suggestion", args=[baiyun.pk, first.pk])).content.decode()
    assert not [p for p in phones if p in detail]


def test_public_search_finds_deputies_and_units_by_name(baiyun):
    s = assigned(baiyun, number=873, title="关于按姓名搜索的建议")
    disclosure.set_public(s, public=True, reply_ids_public=[], by=office_user(baiyun))
    search = reverse("public-suggestions", args=[baiyun.pk])
    proposer = deputies_for(baiyun)[0].name
    unit = units_for(baiyun)[0].name
    for q in (proposer, unit):
        assert f'id="suggestion-{s.pk}"' in Client().get(search, {"q": q}).content.decode(), q


# --- phone numbers in the published texts --------------------------------------------------------


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
    """A replied suggestion whose content and reply carry a mobile, a landline and a local number."""
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
