"""The handling unit's portal, supervision: review opinions sent to the unit and its response report,
the unit's rectifications and their progress — the unit's own only, through the same services the
staff pages use; assessing, closing, reopening and due dates stay with the committee."""

import re
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import Committee, ReportingBody
from meetings.models import AgendaItem
from plans.models import ItemEdit
from supervision.models import Rectification, RectificationNote, ReviewOpinion
from supervision.opinions import add_note, create_opinion
from tests.isolation_suggestions import office_user
from tests.portal_unit_builders import client_of, unit_user

SENT_ON = date(2023, 5, 31)


def _item(body, number=13, order=3):
    return AgendaItem.objects.get(meeting__body=body, meeting__kind="standing", meeting__year=2023,
                                  meeting__number=number, order=order)


@pytest.fixture
def unit(baiyun):
    return ReportingBody.objects.filter(body=baiyun).order_by("order", "pk")[0]


@pytest.fixture
def other_unit(baiyun):
    return ReportingBody.objects.filter(body=baiyun).order_by("order", "pk")[1]


@pytest.fixture
def contact(baiyun, unit):
    return unit_user(baiyun, unit, "unit-supervision")


def _opinion(body, reporting_body, sent_on=SENT_ON, text="建议加快养老服务设施建设。", item=None, **extra):
    return create_opinion(
        ReviewOpinion(agenda_item=item or _item(body), reporting_body=reporting_body, sent_on=sent_on, text=text,
                      document=ContentFile(b"opinion-doc", name="yijian.txt"), **extra),
        office_user(body),
    )


@pytest.fixture
def opinion(baiyun, unit):
    return _opinion(baiyun, unit)


def _rect(body, reporting_body, what="整改养老服务短板", **extra):
    return Rectification.objects.create(
        body=body, source=Rectification.Source.OPINION, what=what, reporting_body=reporting_body,
        committee=Committee.objects.filter(body=body).order_by("order", "pk").first(), due_on=date(2023, 10, 31),
        **extra,
    )


@pytest.fixture
def rect(baiyun, unit, opinion):
    return _rect(baiyun, unit, opinion=opinion)


def _respond(client, opinion, **data):
    """Post the response form as the page shows it now (with its version)."""
    from supervision.forms.portal import response_version

    data.setdefault("version", response_version(ReviewOpinion.objects.get(pk=opinion.pk)))
    return client.post(reverse("portal-unit-opinion-respond", args=[opinion.pk]), data)


def _upload(name="fankui.pdf", content=b"%PDF-1.4 response"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _version_on(page: str) -> str:
    return re.search(r'name="version" value="([0-9a-f]+)"', page).group(1)


# --- who sees what -------------------------------------------------------------------------------


def test_staff_users_do_not_get_the_units_supervision_pages(opinion, office_client, lead_client):
    for client in (office_client, lead_client):
        assert client.get(reverse("portal-unit-opinions")).status_code == 403
        assert client.get(reverse("portal-unit-rectifications")).status_code == 403


def test_the_unit_sees_opinions_sent_to_it_only(baiyun, second_body, unit, other_unit, contact, opinion):
    unsent = _opinion(baiyun, unit, sent_on=None, text="尚未送交的意见")
    others = _opinion(baiyun, other_unit, text="送交其他单位的意见")
    far_body_unit = ReportingBody.objects.filter(body=second_body).first()
    far = _opinion(second_body, far_body_unit, item=AgendaItem.objects.filter(meeting__body=second_body).first())
    client = client_of(contact)
    html = client.get(reverse("portal-unit-opinions")).content.decode()
    assert f'id="opinion-{opinion.pk}"' in html
    for hidden in (unsent, others, far):
        assert f'id="opinion-{hidden.pk}"' not in html
        for name in ("portal-unit-opinion", "portal-unit-opinion-document"):
            assert client.get(reverse(name, args=[hidden.pk])).status_code == 404, name
        assert _respond(client, hidden, response_on="2023-07-01", response_document=_upload()).status_code == 404
        hidden.refresh_from_db()
        assert hidden.response_on is None


def test_the_opinion_page_shows_text_document_and_due_date(opinion, contact):
    client = client_of(contact)
    html = client.get(reverse("portal-unit-opinion", args=[opinion.pk])).content.decode()
    assert "建议加快养老服务设施建设" in html and "2023年7月31日" in html and "逾期未反馈" in html
    answer = client.get(reverse("portal-unit-opinion-document", args=[opinion.pk]))
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == b"opinion-doc"
    assert client.get(reverse("portal-unit-opinion-document", args=[opinion.pk]), {"which": "response"}).status_code == 404


# --- the response report -------------------------------------------------------------------------


def test_the_unit_submits_its_response_report_through_the_staff_service(opinion, contact):
    client = client_of(contact)
    answer = _respond(client, opinion, response_on="2023-07-20")
    assert answer.status_code == 400 and "请上传反馈报告" in answer.content.decode()
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    answer = _respond(client, opinion, response_on=future, response_document=_upload())
    assert answer.status_code == 400 and "反馈日期不能晚于今天" in answer.content.decode()
    answer = _respond(client, opinion, response_on="2023-05-01", response_document=_upload())
    assert answer.status_code == 400 and "反馈日期早于送交日期" in answer.content.decode()
    opinion.refresh_from_db()
    assert opinion.response_on is None and not opinion.response_document
    answer = _respond(client, opinion, response_on="2023-07-20", response_document=_upload(),
                      assessment="satisfied", assessment_note="自评满意", open_rectification="on")
    assert answer.status_code == 302
    opinion.refresh_from_db()
    assert opinion.response_on == date(2023, 7, 20) and opinion.response_document
    assert opinion.assessment == "" and opinion.assessment_note == ""  # the committee's part, not the unit's
    assert not opinion.rectifications.exists()
    plan_item = opinion.agenda_item.plan_items.first()
    assert ItemEdit.objects.filter(item=plan_item, changes__has_key="审议意见反馈").exists()  # history as the staff page
    html = client.get(answer["Location"]).content.decode()
    assert "反馈报告已提交" in html and 'id="response-document"' in html and "修改反馈报告" in html
    # Until the committee assesses it the unit may correct it; the document is kept when none is sent.
    assert _respond(client, opinion, response_on="2023-07-21").status_code == 302
    opinion.refresh_from_db()
    assert opinion.response_on == date(2023, 7, 21) and opinion.response_document


def test_once_assessed_the_response_can_no_longer_be_changed(opinion, contact):
    opinion.response_on = date(2023, 7, 20)
    opinion.assessment = "basic"
    opinion.save()
    client = client_of(contact)
    html = client.get(reverse("portal-unit-opinion", args=[opinion.pk])).content.decode()
    assert 'id="respond-form"' not in html and "基本满意" in html and 'id="respond-refusal"' in html
    answer = _respond(client, opinion, response_on="2023-07-25", response_document=_upload())
    assert answer.status_code == 403 and "不能再修改" in answer.content.decode()
    opinion.refresh_from_db()
    assert opinion.response_on == date(2023, 7, 20)


@pytest.fixture
def opinion_world(baiyun, unit, opinion):
    """The opinion and two contacts of the unit, each of whom may answer it."""
    return opinion, unit_user(baiyun, unit, "unit-opinion-a"), unit_user(baiyun, unit, "unit-opinion-b")


def test_the_response_form_is_refused_when_stale_and_shows_the_current_report(opinion_world):
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


def test_a_contact_replacing_the_response_report_leaves_it_on_the_history_as_the_office_does(
        opinion_world, settings, tmp_path):
    from django.test import TestCase

    settings.MEDIA_ROOT = str(tmp_path)
    opinion, first, second = opinion_world
    url = reverse("portal-unit-opinion", args=[opinion.pk])
    respond = reverse("portal-unit-opinion-respond", args=[opinion.pk])
    client = client_of(first)
    client.post(respond, {"version": _version_on(client.get(url).content.decode()), "response_on": "2023-07-20",
                          "response_document": _upload("错的报告.pdf")})
    opinion.refresh_from_db()
    old_path = tmp_path / opinion.response_document.name
    assert old_path.exists()
    plan_items = opinion.agenda_item.plan_items.all()
    assert plan_items
    other = client_of(second)  # any contact of the unit may correct it until the committee assesses it
    with TestCase.captureOnCommitCallbacks(execute=True):
        answer = other.post(respond, {"version": _version_on(other.get(url).content.decode()),
                                      "response_on": "2023-07-20",
                                      "response_document": _upload("反馈报告盖章版.pdf", b"%PDF-1.4 stamped")})
    assert answer.status_code == 302
    opinion.refresh_from_db()
    assert opinion.response_document.name.endswith("反馈报告盖章版.pdf") and not old_path.exists()
    assert opinion.response_document.read() == b"%PDF-1.4 stamped"
    for plan_item in plan_items:
        edit = ItemEdit.objects.filter(item=plan_item, changes__has_key="反馈报告").get()
        assert edit.by == second and edit.note == "替换文件“错的报告.pdf”为“反馈报告盖章版.pdf”"
        assert edit.changes["反馈报告"] == ["错的报告.pdf", "反馈报告盖章版.pdf"]
    # A correction that sends no new report leaves no file entry.
    assert other.post(respond, {"version": _version_on(other.get(url).content.decode()),
                                "response_on": "2023-07-21"}).status_code == 302
    assert ItemEdit.objects.filter(item__in=plan_items, changes__has_key="反馈报告").count() == len(plan_items)


# --- rectifications ------------------------------------------------------------------------------


def test_the_unit_sees_its_rectifications_only(baiyun, second_body, other_unit, contact, rect):
    others = _rect(baiyun, other_unit, what="其他单位的整改")
    far = _rect(second_body, ReportingBody.objects.filter(body=second_body).first(), what="外区整改")
    client = client_of(contact)
    html = client.get(reverse("portal-unit-rectifications")).content.decode()
    assert f'id="rectification-{rect.pk}"' in html
    for hidden in (others, far):
        assert f'id="rectification-{hidden.pk}"' not in html
        assert client.get(reverse("portal-unit-rectification", args=[hidden.pk])).status_code == 404
        answer = client.post(reverse("portal-unit-rectification-note", args=[hidden.pk]), {"text": "越权"})
        assert answer.status_code == 404
    assert not RectificationNote.objects.filter(text="越权").exists()


def test_the_unit_adds_progress_and_names_no_staff_user(baiyun, contact, rect):
    office = office_user(baiyun)
    add_note(rect, office, "委员会提出的要求")
    client = client_of(contact)
    url = reverse("portal-unit-rectification-note", args=[rect.pk])
    answer = client.post(url, {"text": "  "})
    assert answer.status_code == 400 and "请填写整改进展" in answer.content.decode()
    answer = client.post(url, {"text": "已新建养老服务站 3 个。", "due_on": "2024-12-31", "status": "closed"})
    assert answer.status_code == 302
    note = RectificationNote.objects.get(rectification=rect, text="已新建养老服务站 3 个。")
    assert note.by == contact
    rect.refresh_from_db()
    assert rect.status == "open" and rect.due_on == date(2023, 10, 31)
    html = client.get(answer["Location"]).content.decode()
    assert f"{rect.reporting_body.name} · 测试经办人" in html and "常委会" in html
    assert office.get_full_name() not in html
    assert f'href="{reverse("portal-unit-opinion", args=[rect.opinion_id])}"' in html


def test_the_unit_cannot_close_reopen_or_note_a_closed_rectification(contact, rect):
    client = client_of(contact)
    assert client.post(reverse("rectification-close", args=[rect.pk]), {"closed_on": "2023-09-01"}).status_code == 403
    rect.refresh_from_db()
    assert rect.status == "open"
    rect.status, rect.closed_on = "closed", date(2023, 9, 1)
    rect.save()
    assert client.post(reverse("rectification-close", args=[rect.pk]), {"reopen": "1"}).status_code == 403
    html = client.get(reverse("portal-unit-rectification", args=[rect.pk])).content.decode()
    assert 'id="note-form"' not in html and 'id="note-refusal"' in html
    answer = client.post(reverse("portal-unit-rectification-note", args=[rect.pk]), {"text": "补充"})
    assert answer.status_code == 403 and "已完成" in answer.content.decode()
    rect.refresh_from_db()
    assert rect.status == "closed"


# --- the workbench and lists ---------------------------------------------------------------------


def test_the_workbench_shows_opinions_awaiting_response_and_open_rectifications(baiyun, unit, contact, opinion, rect):
    answered = _opinion(baiyun, unit, text="已反馈的意见")
    answered.response_on = date(2023, 7, 1)
    answered.save()
    html = client_of(contact).get(reverse("portal-unit-home")).content.decode()
    opinions = html.split('id="opinions-due"')[1].split("</section>")[0]
    assert reverse("portal-unit-opinion", args=[opinion.pk]) in opinions
    assert reverse("portal-unit-opinion", args=[answered.pk]) not in opinions and "逾期未反馈" in opinions
    assert reverse("portal-unit-rectification", args=[rect.pk]) in html.split('id="rectifications-open"')[1]


def test_list_query_counts_do_not_grow_with_rows(baiyun, unit, contact):
    client = client_of(contact)
    _opinion(baiyun, unit)
    _rect(baiyun, unit)

    def count(name):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        return len(queries)

    few = {name: count(name) for name in ("portal-unit-opinions", "portal-unit-rectifications")}
    for n in range(8):
        _opinion(baiyun, unit, item=_item(baiyun, order=1 + n % 3))
        _rect(baiyun, unit, what=f"整改{n}")
    assert {name: count(name) for name in few} == few
