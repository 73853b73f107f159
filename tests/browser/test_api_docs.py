"""Issue 21 point 12: the API documentation keeps the Content Security Policy and reads in Chinese.

The page used to need 'unsafe-inline' styles (and the browsable API broke the policy outright); its operations
were described by English docstrings next to DRF's machine Chinese ("标识此 计划事项 的 唯一整数值").
"""

from playwright.sync_api import expect


def test_api_documentation_in_chinese_without_csp_errors(demo, live_server, page, login, screenshot):
    login(page, "admin")
    console = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    response = page.goto(f"{live_server.url}/api/docs/")
    assert "unsafe-inline" not in response.headers["content-security-policy"]

    expect(page.locator(".opblock-tag").filter(has_text="计划事项").first).to_be_visible()
    operation = page.locator(".opblock").filter(has_text="/api/v1/plan-items/{id}/").first
    expect(operation.get_by_text("查看计划事项")).to_be_visible()
    operation.locator(".opblock-summary").click()
    expect(operation.get_by_text("计划事项的编号")).to_be_visible()
    operation.get_by_role("button", name="试用").click()
    operation.locator("input[placeholder='id']").fill("1")
    operation.get_by_role("button", name="发送请求").click()
    expect(operation.get_by_text("服务器响应")).to_be_visible()
    screenshot(page, "api-docs")
    english = page.locator("#swagger-ui [title], #swagger-ui [aria-label]").evaluate_all(
        "els => els.flatMap(e => [e.title, e.getAttribute('aria-label')]).filter(t => /[A-Za-z]{3,} [a-z]{3,}/.test(t || ''))")
    assert english == [], english

    csp = [line for line in console if "Content Security Policy" in line]
    assert csp == [], csp
    errors = [line for line in console if line.startswith(("error", "pageerror"))]
    assert errors == [], errors
