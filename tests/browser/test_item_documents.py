"""A committee lead attaches a research report to their item: a program is refused with the reason, the PDF is
taken, then, being the wrong file, removed after the confirmation, and the history says so.
Screenshot: item-documents; the page with its remove and replace controls has no WCAG violations."""

from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.browser.axe import page_checks, report, violations


def _item():
    from core.models import Body
    from plans.models import PlanItem
    from reports.demo import demo_body_name

    with scopes_disabled():
        body = Body.objects.get(name=demo_body_name())
        return PlanItem.objects.get(body=body, title__contains="2022 年度国有资产管理情况的综合报告")  # 财经工委's


def test_a_wrong_upload_is_refused_then_a_wrong_file_removed(demo, live_server, page, login, screenshot, tmp_path,
                                                             settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    item = _item()
    program = tmp_path / "调研报告.exe"
    program.write_bytes(b"MZ\x90\x00" + b"\0" * 512)
    pdf = tmp_path / "调研报告.pdf"
    pdf.write_bytes(b"%PDF-1.4 research report")
    login(page, "lead-caijing")
    page.goto(f"{live_server.url}/items/{item.pk}/")

    upload = page.locator("details.upload").first
    upload.locator("summary").click()
    upload.get_by_label("类别").select_option("research")
    upload.get_by_label("标题").fill("国有资产管理专题调研报告")
    upload.get_by_label("文件").set_input_files(str(program))
    upload.get_by_role("button", name="上传").click()
    expect(page.locator(".messages")).to_contain_text(
        "“调研报告.exe”不能上传：只接受 PDF、OFD、Word、WPS、Excel、图片或这些文件的 ZIP 压缩包")

    upload = page.locator("details.upload").first
    upload.locator("summary").click()
    upload.get_by_label("标题").fill("国有资产管理专题调研报告")
    upload.get_by_label("文件").set_input_files(str(pdf))
    upload.get_by_role("button", name="上传").click()
    expect(page.locator(".messages")).to_contain_text("已上传“国有资产管理专题调研报告”")
    document = page.locator("ul.documents li").filter(has_text="国有资产管理专题调研报告")
    expect(document).to_be_visible()
    document.locator("details.replace summary").click()
    screenshot(page, "item-documents")
    problems = report("item page with a document", violations(page)) + "".join(page_checks(page))
    assert not problems, problems

    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    document.get_by_role("button", name="删除文件“国有资产管理专题调研报告”").click()
    assert questions and "删除后文件不能恢复" in questions[0]
    expect(page.locator(".messages")).to_contain_text("已删除“国有资产管理专题调研报告”")
    expect(page.locator("ul.documents")).to_have_count(0)
    expect(page.locator(".timeline")).to_contain_text("删除文件“调研报告.pdf”")
