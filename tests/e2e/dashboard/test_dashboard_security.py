"""The dashboard's guards in a real browser: login and logout (the token revoked), admin
pages refused to members, another project's server out of a member's reach, forms without
their CSRF token refused; and the main pages' screenshots, at 1280x800 and phone size."""

from __future__ import annotations

import re
from typing import Any


def _post(page: Any, path: str, token: str | None, htmx: bool = False) -> dict[str, Any]:
    """POST a form from inside the page (the browser's cookie), with or without its token
    (as htmx sends it, when `htmx`)."""
    return page.evaluate(
        """async ([path, token, htmx]) => {
             const body = new URLSearchParams();
             if (token !== null) body.set("csrf_token", token);
             const headers = {"Content-Type": "application/x-www-form-urlencoded"};
             if (htmx) headers["HX-Request"] = "true";
             const reply = await fetch(path, {method: "POST", body, headers});
             return {status: reply.status, text: await reply.text()};
           }""", [path, token, htmx])


def _token(page: Any) -> str:
    return page.locator("input[name=csrf_token]").first.get_attribute("value")


def test_member_is_kept_out_of_admin_pages_and_other_projects(
        member_page: Any, dashboard: Any, sdk_as: Any, unique: str) -> None:
    page = member_page
    reply = page.goto(dashboard.url + "/admin/identity/projects")
    assert reply.status == 403
    assert "administrators only" in page.inner_text("[data-testid=error]")
    admin = sdk_as(dashboard.cloud, "admin")
    server = admin.compute.create_server(name=f"admins-{unique}", image=admin.image.find_image(
        "cirros-0.6.2-x86_64-disk").id, flavor="1", networks="none")
    try:
        page.goto(dashboard.url + "/project/instances")
        assert page.locator(f"tr[data-id='{server.id}']").count() == 0
        reply = page.goto(f"{dashboard.url}/project/instances/{server.id}")
        assert reply.status == 404
        answer = _post(page, f"/project/instances/{server.id}/action/delete", _token(page),
                       htmx=True)
        assert answer["status"] == 404 and "Request-ID: req-" in answer["text"], answer
        assert admin.compute.get_server(server.id).status != "DELETED"
    finally:
        admin.compute.delete_server(server.id)
        admin.close()


def test_forms_without_their_csrf_token_fail(member_page: Any, dashboard: Any) -> None:
    page = member_page
    page.goto(dashboard.url + "/project/instances")
    for token in (None, "forged-" + _token(page)[:10]):
        answer = _post(page, "/project/launch-instance", token)
        assert answer["status"] == 403, answer
        assert "CSRF token is missing or wrong" in answer["text"]
    answer = _post(page, "/project/launch-instance", _token(page))
    assert answer["status"] == 400 and "needs a name" in answer["text"]
    # the login form too (no session yet: its pre-session token), here the session's token
    for token in (None, _token(page)):
        answer = _post(page, "/login", token)
        assert answer["status"] == 403, answer
        assert "login form was not accepted" in answer["text"], answer


def test_admin_sees_admin_chrome_and_logout_revokes(admin_page: Any, dashboard: Any,
                                                    sdk_as: Any) -> None:
    page = admin_page
    page.goto(dashboard.url + "/project/instances")
    assert "(admin)" in page.inner_text("header")
    assert page.locator("[data-testid=project-switcher] option").count() >= 1
    reply = page.goto(dashboard.url + "/admin/nothing-here")
    assert reply.status == 404  # past the admin gate: no such page
    page.goto(dashboard.url + "/project/instances")
    page.click("[data-testid=logout]")
    page.wait_for_url(re.compile(r".*/login$"))
    reply = page.goto(dashboard.url + "/project/instances")
    assert page.url.endswith("/login?next=/project/instances")
    cookies = page.context.cookies()
    assert not any(c["name"] == "ostack_session" for c in cookies)


def test_session_cookie_is_httponly_and_strict(member_page: Any) -> None:
    cookie = next(c for c in member_page.context.cookies() if c["name"] == "ostack_session")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
    assert member_page.evaluate("document.cookie") == ""


def test_screenshots_of_main_pages(member_page: Any, phone_page: Any, dashboard: Any,
                                   screenshot: Any) -> None:
    for path, name in (("/project/instances", "instances-list"),
                       ("/project/launch-instance", "launch-details"),
                       ("/project/network_topology", "topology-page")):
        member_page.goto(dashboard.url + path)
        screenshot(member_page, name)
        phone_page.goto(dashboard.url + path)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390 + 1, f"{path} overflows a phone-sized window: {width}px"
        screenshot(phone_page, f"{name}-phone")
    member_page.goto(dashboard.url + "/project/launch-instance")  # each step of the wizard
    steps = member_page.locator("#steps a[data-step]").evaluate_all(
        "links => links.map(a => a.dataset.step)")
    assert steps[0] == "details" and steps[-1] == "review" and len(steps) >= 8, steps
    for step in steps[1:]:
        member_page.click(f"#steps a[data-step={step}]")
        assert member_page.locator(f"#step-{step}").is_visible(), step
        screenshot(member_page, f"launch-{step}")
    member_page.context.clear_cookies()
    member_page.goto(dashboard.url + "/login")
    screenshot(member_page, "login")
