"""A new standing committee's first day, in a real browser, from an empty migrated database (no demo):
the platform administrator creates the body from its level's committee template and appoints its
administrator; the administrator (first log-in through the one-time link) adds an office user and a
committee lead and renames a committee; the office imports a plan workbook; the lead updates one of
the imported items. No shell, no Django admin."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from core.roles import ROLES
from tests.plans.test_plan_import import make_workbook

NEW_PASSWORD = "Xinqu-2027-mima"
BODY = "示例省新区县人大常委会"


@pytest.fixture
def empty_deployment(transactional_db, settings, tmp_path):
    """What `migrate` and `createsuperuser` leave: the role groups, one platform administrator, nothing else."""
    from core.models import Body

    settings.MEDIA_ROOT = tmp_path / "media"
    with scopes_disabled():
        Body.objects.all().delete()
        get_user_model().objects.all().delete()
    assert set(Group.objects.values_list("name", flat=True)) == set(ROLES)  # from the migrations alone
    get_user_model().objects.create_superuser("root", email="", password="Pingtai-2027-mima")


def _log_in(page, url, username, password):
    page.goto(f"{url}/accounts/login/")
    page.locator('input[name="username"]').fill(username)
    page.locator('input[name="password"]').fill(password)
    with page.expect_navigation():
        page.locator('form button[type="submit"]').first.click()


def _first_password(page, url, username, initial):
    """Log in with the issued initial password: the system asks for one's own before anything else."""
    _log_in(page, url, username, initial)
    expect(page).to_have_url(re.compile(r"/accounts/password/$"))
    page.locator('input[name="old_password"]').fill(initial)
    page.locator('input[name="new_password1"]').fill(NEW_PASSWORD)
    page.locator('input[name="new_password2"]').fill(NEW_PASSWORD)
    page.get_by_role("button", name="保存新密码").click()
    expect(page.locator(".messages")).to_contain_text("密码已修改")


def _add_user(page, url, name, username, role, lead_of=None) -> str:
    page.goto(f"{url}/settings/users/new/")
    form = page.locator("#user-form")
    form.get_by_label("姓名").fill(name)
    form.get_by_label("登录用户名").fill(username)
    form.get_by_label(role, exact=True).check()
    if lead_of:
        form.get_by_label(f"{lead_of} 负责人").check()
    form.get_by_label("初始密码").check()
    form.get_by_role("button", name="创建账号并生成发放单").click()
    card = page.locator(f"#handout-{username}")
    expect(card).to_be_visible()
    return card.locator("[data-password]").inner_text().strip()


def test_a_new_body_runs_from_its_first_day(empty_deployment, live_server, browser, screenshot, tmp_path):
    url = live_server.url
    year = timezone.localdate().year + 1

    def new_page():
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        return context.new_page()

    # 1. The platform administrator creates the body from the county template and appoints its administrator.
    platform = new_page()
    _log_in(platform, url, "root", "Pingtai-2027-mima")
    expect(platform).to_have_url(re.compile(r"/platform/$"))
    platform.get_by_role("link", name="新建人大常委会").first.click()
    form = platform.locator("#body-create-form")
    form.get_by_label("名称").fill(BODY)
    form.get_by_label("行政区域").fill("示例省新区县")
    form.get_by_label("简称").fill("县人大常委会")
    form.get_by_label("级别").select_option(label="县（区）级")
    form.get_by_label("系统管理员姓名").fill("新区县系统管理员")
    form.get_by_label("登录用户名").fill("xinqu-admin")
    form.get_by_label("一次性链接").check()
    screenshot(platform, "first-day-1-platform-create")
    form.get_by_role("button", name="创建并任命系统管理员").click()
    link = platform.locator("#handout-xinqu-admin [data-link]").inner_text().strip()
    assert "/accounts/setup/" in link
    screenshot(platform, "first-day-2-handout")

    # 2. The administrator's first log-in, through the link; the home page shows the first-run checklist.
    admin = new_page()
    admin.goto(link)
    admin.locator('input[name="new_password1"]').fill(NEW_PASSWORD)
    admin.locator('input[name="new_password2"]').fill(NEW_PASSWORD)
    admin.get_by_role("button", name="设置密码并登录").click()
    expect(admin.locator(".brand")).to_contain_text(BODY)
    checklist = admin.locator("#first-run")
    expect(checklist).to_contain_text("核对委员会")
    expect(checklist.locator("li").nth(0)).to_contain_text("已完成")  # the template's committees
    expect(checklist.locator("li").nth(1)).to_contain_text("待完成")  # no staff yet
    screenshot(admin, "first-day-3-checklist")

    # 3. It adds an office user and a committee lead, and renames a committee.
    office_password = _add_user(admin, url, "新区县办公室", "xinqu-office", "办公室")
    lead_password = _add_user(admin, url, "新区县农村工委负责人", "xinqu-lead", "委员会成员", lead_of="农业农村工委")
    admin.goto(f"{url}/settings/committees/")
    admin.get_by_role("link", name=re.compile("农业农村工委")).first.click()
    admin.get_by_label("简称").fill("农村工委")
    admin.get_by_role("button", name=re.compile("保存")).click()
    expect(admin.locator(".messages")).to_contain_text("农村工委")
    admin.goto(f"{url}/")
    expect(admin.locator("#first-run li").nth(1)).to_contain_text("已完成")
    screenshot(admin, "first-day-4-settings")

    # 4. The office imports its first plan; the renamed committee is found by its new name.
    workbook = tmp_path / f"{year}年主要工作安排表.xlsx"
    workbook.write_bytes(make_workbook([("听取和审议专项工作报告(2项)", [
        (1, "听取和审议县政府关于乡村振兴工作情况的报告", "农村工委", "6月", "✓", ""),
        (2, "听取和审议县政府关于预算执行情况的报告", "财经工委", "8月", "✓", ""),
    ])], title=f"{year}年主要工作安排表"))
    office = new_page()
    _first_password(office, url, "xinqu-office", office_password)
    office.goto(f"{url}/plans/import/")
    office.get_by_label("年度").fill(str(year))
    office.get_by_label("计划类别").select_option(label="监督工作计划")
    office.get_by_label("工作簿（.xlsx）").set_input_files(str(workbook))
    office.get_by_role("button", name="上传并预览").click()
    expect(office.locator(".summary")).to_contain_text("没有错误")
    expect(office.locator("#rows")).to_contain_text("牵头：农村工委")
    office.get_by_role("button", name="确认导入").click()
    expect(office).to_have_url(re.compile(r"/plans/\d+/$"))
    expect(office.locator(".messages")).to_contain_text("新增 2 项")
    screenshot(office, "first-day-5-plan")

    # 5. The lead updates the item their committee leads.
    lead = new_page()
    _first_password(lead, url, "xinqu-lead", lead_password)
    lead.goto(f"{url}/items/mine/?year={year}")
    row = lead.locator(".itemrow", has_text="乡村振兴")
    expect(row).to_be_visible()
    expect(lead.locator("body")).not_to_contain_text("预算执行情况")  # 财经工委's, not theirs
    row.locator('input[name="progress"]').fill("30")
    row.locator('input[name="note"]').fill("已制定调研方案")
    row.get_by_role("button", name="更新").click()
    expect(lead.locator(".messages")).to_contain_text("已更新")
    expect(lead.locator(".itemrow", has_text="乡村振兴")).to_contain_text("30%")
    screenshot(lead, "first-day-6-lead")

    with scopes_disabled():
        from core.models import Body
        from plans.models import PlanItem

        body = Body.objects.get(name=BODY)
        item = PlanItem.objects.get(body=body, title__contains="乡村振兴")
        assert item.progress == 30
        leads = item.responsibilities.filter(role="lead").values_list("committee__short_name", flat=True)
        assert list(leads) == ["农村工委"]
        assert item.status_changes.exists() or item.progress == 30
    for context_page in (platform, admin, office, lead):
        context_page.context.close()
