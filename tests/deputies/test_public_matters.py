"""The liaison stations' public channel (码上见代表 / 随手拍): a resident leaves a matter without an account, gets a
receipt code, follows and rates it; the station's deputy and the office handle it; limits, uploads, privacy."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from deputies.models import Deputy, MatterStep, PublicMatter, Station
from deputies.public_matters import codes, service
from tests.conftest import client_for

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def photo(name="a.png", content=PNG):
    return SimpleUploadedFile(name, content, content_type="image/png")


@pytest.fixture
def demo_deputy(baiyun):
    return Deputy.objects.select_related("station").get(user__username="deputy-demo")


@pytest.fixture
def station(demo_deputy):
    return demo_deputy.station


def resident(ip="10.0.0.1"):
    return Client(REMOTE_ADDR=ip)


def station_url(station):
    return reverse("public-station", kwargs={"body_id": station.body_id, "number": station.number})


def follow_url(body_id):
    return reverse("public-matter-follow", kwargs={"body_id": body_id})


def leave(client, station, text="小区门口路灯坏了三盏，晚上很黑。", **extra):
    data = {"text": text, "place": "幸福路12号", "name": "张阿姨", "phone": "13912345678", **extra}
    return client.post(station_url(station), data)


def code_of(response) -> str:
    return re.search(r'id="receipt-code">([A-Z0-9]{8})<', response.content.decode()).group(1)


def test_a_resident_leaves_a_matter_with_a_photo_and_gets_a_code_shown_once(station):
    client = resident()
    page = client.get(station_url(station))
    assert page.status_code == 200 and station.name in page.content.decode()
    assert "renda_device" in page.cookies
    response = leave(client, station, photos=[photo()])
    assert response.status_code == 200
    code = code_of(response)
    assert response["Cache-Control"] == "no-store"
    matter = PublicMatter.objects.get(station=station, text__startswith="小区门口路灯")
    assert matter.photos.count() == 1 and matter.status == "new"
    assert code not in matter.code_hash and matter.code_hash == codes.code_hash(code)  # only a keyed hash is kept
    assert list(matter.steps.values_list("kind", flat=True)) == ["submitted"]
    # Following it: the code in a POST, never in the address.
    shown = client.post(follow_url(station.body_id), {"code": code.lower()}).content.decode()
    assert "小区门口路灯" in shown and "待处理" in shown
    assert "张阿姨" not in shown and "13912345678" not in shown  # personal data never on a public page


def test_a_wrong_code_shows_nothing_and_an_answer_is_rated_once(station, demo_deputy):
    received = service.submit(station, text="公园健身器材损坏", ip_hash="x", device_hash="y")
    other = service.submit(station, text="另一位居民的事项：排水沟堵塞", name="李四", phone="13800000000")
    client = resident()
    wrong = client.post(follow_url(station.body_id), {"code": "ABCDEFGH"}).content.decode()
    assert "回执码不正确" in wrong and "公园健身器材" not in wrong and "排水沟" not in wrong
    service.reply(received.matter, text="已联系街道维修，本周内修好。", by=demo_deputy.user)
    shown = client.post(follow_url(station.body_id), {"code": received.code}).content.decode()
    assert "已联系街道维修" in shown and "排水沟" not in shown and "李四" not in shown
    rated = client.post(follow_url(station.body_id), {"code": received.code, "rating": "basically"})
    assert "基本满意" in rated.content.decode()
    again = client.post(follow_url(station.body_id), {"code": received.code, "rating": "unsatisfied"})
    assert PublicMatter.objects.get(pk=received.matter.pk).rating == "basically"
    assert "已评价" in again.content.decode() or "基本满意" in again.content.decode()
    assert other.matter.rating == ""


def test_another_bodys_page_does_not_find_the_code(station, second_body):
    received = service.submit(station, text="某处井盖缺失")
    shown = resident().post(follow_url(second_body.pk), {"code": received.code}).content.decode()
    assert "井盖" not in shown and "回执码不正确" in shown


def test_rate_limit_per_address_and_per_device(station, settings):
    settings.PUBLIC_MATTERS_PER_HOUR = 2
    client = resident("10.9.9.9")
    client.get(station_url(station))
    for i in range(2):
        assert "receipt-code" in leave(client, station, text=f"第{i}件事项内容").content.decode()
    refused = leave(client, station, text="第三件事项内容")
    assert refused.status_code == 429
    assert "一小时内最多提交 2 件" in refused.content.decode()
    assert not PublicMatter.objects.filter(text="第三件事项内容").exists()
    # Another address, the same phone (device cookie): still refused.
    same_phone = resident("10.9.9.10")
    same_phone.cookies = client.cookies
    assert leave(same_phone, station, text="换了网络的事项").status_code == 429
    # Another phone on another network may.
    assert "receipt-code" in leave(resident("10.9.9.11"), station, text="别人的事项").content.decode()


@pytest.mark.parametrize(("upload", "message"), [
    (lambda: photo("setup.exe", b"MZ\x90\x00"), "只接受 JPG 或 PNG"),
    (lambda: photo("report.pdf", b"%PDF-1.4 x"), "只接受 JPG 或 PNG"),
    (lambda: photo("fake.png", b"<html>not an image</html>"), "扩展名与内容不符"),
    (lambda: photo("big.png", PNG + b"\x00" * (1024 * 1024)), "超过 1 MB"),
])
def test_uploads_are_checked(station, upload, message, settings):
    settings.PUBLIC_MATTER_PHOTO_MAX_MB = 1
    response = leave(resident("10.1.1.1"), station, text="带附件的事项", photos=[upload()])
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PublicMatter.objects.filter(text="带附件的事项").exists()


def test_at_most_three_photos(station):
    response = leave(resident("10.1.1.2"), station, text="四张照片", photos=[photo(f"{i}.png") for i in range(4)])
    assert "照片最多 3 张" in response.content.decode()
    assert not PublicMatter.objects.filter(text="四张照片").exists()


def test_the_deputy_forwards_a_matter_as_their_suggestion_draft(station, demo_deputy):
    received = service.submit(station, text="建议在学校门口增设人行横道", place="实验小学", name="王五", phone="13700000000")
    client = client_for("deputy-demo")
    listed = client.get(reverse("portal-deputy-matters")).content.decode()
    assert "建议在学校门口增设人行横道" in listed
    detail = client.get(reverse("portal-deputy-matter", kwargs={"pk": received.matter.pk})).content.decode()
    assert "13700000000" in detail  # the deputy may call the resident back
    response = client.post(reverse("portal-deputy-matter-step", kwargs={"pk": received.matter.pk}),
                           {"step": "forward", "title": "关于增设人行横道的建议", "deputy": demo_deputy.pk})
    assert response.status_code == 302
    matter = PublicMatter.objects.get(pk=received.matter.pk)
    draft = matter.suggestion
    assert matter.status == "forwarded" and draft.status == "draft" and draft.title == "关于增设人行横道的建议"
    assert draft.signatures.get(role="proposer").deputy == demo_deputy
    assert list(draft.public_matters.all()) == [matter]  # the link both ways
    assert matter.reference in draft.content and "13700000000" not in draft.content and "王五" not in draft.content
    assert matter.answered_at is not None
    assert MatterStep.objects.filter(matter=matter, kind="forwarded", by_label=f"{demo_deputy.name}代表").exists()
    shown = resident().post(follow_url(station.body_id), {"code": received.code}).content.decode()
    assert "转为代表建议" in shown


def test_staff_of_a_station_see_only_theirs(station, demo_deputy, baiyun):
    elsewhere = Station.objects.filter(body=baiyun).exclude(pk=station.pk).first()
    mine = service.submit(station, text="本站的事项：垃圾清运不及时")
    theirs = service.submit(elsewhere, text="别站的事项：菜市场噪音扰民")
    client = client_for("deputy-demo")
    listed = client.get(reverse("portal-deputy-matters") + "?tab=all").content.decode()
    assert "垃圾清运" in listed and "菜市场噪音" not in listed
    assert client.get(reverse("portal-deputy-matter", kwargs={"pk": theirs.matter.pk})).status_code == 404
    refused = client.post(reverse("portal-deputy-matter-step", kwargs={"pk": theirs.matter.pk}),
                          {"step": "reply", "text": "越权答复"})
    assert refused.status_code == 404
    assert PublicMatter.objects.get(pk=theirs.matter.pk).status == "new"
    # Staff pages are the office's and directors': deputies are confined to their portal.
    assert client.get(reverse("matter-list")).status_code == 403
    assert client.get(reverse("api:public-matter-list")).status_code == 403
    assert mine.matter.pk


def test_office_handles_and_publishes_and_the_station_page_shows_no_personal_data(station, office_client):
    received = service.submit(station, text="路口红绿灯时间太短，老人过不去，电话13611112222", name="赵六",
                              phone="13611112222")
    matter = received.matter
    url = reverse("matter-step", kwargs={"pk": matter.pk})
    empty = office_client.post(url, {"step": "pass_on", "recipient": ""})
    assert empty.status_code == 400 and "请填写转交的单位" in empty.content.decode()
    assert office_client.post(url, {"step": "publish"}).status_code == 400  # not answered yet
    assert office_client.post(url, {"step": "pass_on", "recipient": "某某街道办事处", "note": "请交警中队核实"}).status_code == 302
    assert office_client.post(url, {"step": "publish"}).status_code == 302
    page = resident().get(station_url(station)).content.decode()
    assert "路口红绿灯时间太短" in page and "已转交某某街道办事处办理" in page
    assert "赵六" not in page and "13611112222" not in page and "136****2222" in page
    assert office_client.post(url, {"step": "close", "reason": "已调整信号灯配时"}).status_code == 302
    closed = office_client.post(url, {"step": "reply", "text": "再答复"})
    assert closed.status_code == 400 and "已办结" in closed.content.decode()
    kinds = list(PublicMatter.objects.get(pk=matter.pk).steps.values_list("kind", flat=True))
    assert kinds == ["submitted", "passed_on", "published", "closed"]


def test_api_lists_filters_and_takes_steps(station, office_client, director_client, demo_deputy):
    received = service.submit(station, text="API 测试事项：人行道破损", phone="13500000000")
    rows = office_client.get(reverse("api:public-matter-list") + f"?status=new&station={station.pk}").json()
    row = next(r for r in rows["results"] if r["id"] == received.matter.pk)
    assert row["phone"] == "13500000000" and row["status_label"] == "待处理"
    assert "code_hash" not in row and "sender_ip" not in row
    director_row = director_client.get(reverse("api:public-matter-detail", kwargs={"pk": received.matter.pk})).json()
    assert "phone" not in director_row
    step = reverse("api:public-matter-step", kwargs={"pk": received.matter.pk})
    assert director_client.post(step, {"step": "reply", "text": "主任答复"}, content_type="application/json"
                                ).status_code == 403
    bad = office_client.post(step, {"step": "reply", "text": ""}, content_type="application/json")
    assert bad.status_code == 400 and "请填写答复内容" in bad.json()["text"][0]
    done = office_client.post(step, {"step": "reply", "text": "已派人修复"}, content_type="application/json").json()
    assert done["status"] == "replied" and [s["kind"] for s in done["steps"]] == ["submitted", "replied"]
    figures = office_client.get(reverse("api:public-matter-figures") + "?by=station").json()
    mine = next(f for f in figures if f["id"] == station.pk)
    assert mine["matters"] >= 1 and mine["on_time"] >= 1


def test_a_deputys_own_page_needs_their_opt_in_and_a_random_slug(demo_deputy):
    client = client_for("deputy-demo")
    Deputy.objects.filter(pk=demo_deputy.pk).update(public_page=False, public_slug="")  # the demo opted them in
    assert client.get(reverse("portal-deputy-matters-qr")).status_code == 404
    client.post(reverse("portal-deputy-matters"), {"public_page": "on"})
    demo_deputy.refresh_from_db()
    assert demo_deputy.public_page and len(demo_deputy.public_slug) == 12
    assert str(demo_deputy.pk) != demo_deputy.public_slug
    url = reverse("public-deputy", kwargs={"body_id": demo_deputy.body_id, "slug": demo_deputy.public_slug})
    page = resident().get(url)
    assert page.status_code == 200 and f"{demo_deputy.name}代表" in page.content.decode()
    assert demo_deputy.phone not in page.content.decode() if demo_deputy.phone else True
    leave(resident("10.3.3.3"), demo_deputy.station, text="")  # empty: nothing
    resident("10.3.3.4").post(url, {"text": "直接反映给代表的事项"})
    assert PublicMatter.objects.get(text="直接反映给代表的事项").deputy == demo_deputy
    assert client.get(reverse("portal-deputy-matters-qr"))["Content-Type"] == "image/png"
    client.post(reverse("portal-deputy-matters"), {"public_page": "off"})
    assert resident().get(url).status_code == 404


def test_poster_page_and_qr(station, office_client):
    page = office_client.get(reverse("station-poster", kwargs={"pk": station.pk})).content.decode()
    assert station.name in page and (station.address or "—") in page
    png = office_client.get(reverse("station-qr-png", kwargs={"pk": station.pk}))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    svg = office_client.get(reverse("station-qr-svg", kwargs={"pk": station.pk}))
    assert b"<svg" in svg.content
    assert client_for("lead-caijing").get(reverse("station-poster", kwargs={"pk": station.pk})).status_code == 403


def test_list_page_query_count_does_not_grow_with_rows(station, office_client, django_assert_max_num_queries):
    for i in range(3):
        service.submit(station, text=f"计数事项{i}", photos=[photo()])
    office_client.get(reverse("matter-list"))
    with django_assert_max_num_queries(20) as small:
        office_client.get(reverse("matter-list"))
    for i in range(20):
        service.submit(station, text=f"更多计数事项{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        office_client.get(reverse("matter-list"))


def test_demo_has_matters_in_every_state_with_known_codes(baiyun, demo_deputy):
    rows = PublicMatter.objects.filter(body=baiyun, is_example=True)
    assert set(rows.values_list("status", flat=True)) == set(PublicMatter.Status.values)
    assert demo_deputy.public_page and demo_deputy.public_slug
    forwarded = rows.get(status="forwarded")
    assert forwarded.suggestion.signatures.get(role="proposer").deputy == demo_deputy
    shown = resident().post(follow_url(baiyun.pk), {"code": "BYDEMC23"}).content.decode()
    assert "健身器材" in shown and "已联系街道和公园管理处" in shown and "刘先生" not in shown
    page = resident().get(station_url(demo_deputy.station)).content.decode()
    assert "健身器材" in page and "路灯坏了" not in page  # public only once answered and made public


def test_a_matter_not_answered_in_time_reminds_the_stations_deputy_and_the_office(station, demo_deputy, baiyun):
    from datetime import timedelta

    from django.utils import timezone

    from core.models import Notification
    from core.reminders import collect

    left = timezone.now() - timedelta(days=20)
    late = service.submit(station, text="超期未答复的事项", now=left).matter
    answered = service.submit(station, text="按时答复的事项", now=left).matter
    PublicMatter.objects.filter(pk=answered.pk).update(answered_at=left + timedelta(days=1), status="replied")
    dues = collect(baiyun, timezone.localdate(), [Notification.Kind.PUBLIC_MATTER])
    subjects = {(d.subject, d.reason) for d in dues}
    assert (f"public_matter:{late.pk}", "deputy") in subjects and (f"public_matter:{late.pk}", "office") in subjects
    assert not any(d.subject == f"public_matter:{answered.pk}" for d in dues)
    assert any(d.recipient_id == demo_deputy.user_id and d.subject == f"public_matter:{late.pk}" for d in dues)
    # Before the reply days are up: nothing yet.
    early = collect(baiyun, timezone.localdate() - timedelta(days=15), [Notification.Kind.PUBLIC_MATTER])
    assert not any(d.subject == f"public_matter:{late.pk}" for d in early)
