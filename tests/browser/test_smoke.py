"""The shell in a real browser: signing in and out, the header, the phone layout, the script."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser_fixtures import PASSWORD

pytestmark = pytest.mark.browser


def test_a_person_signs_in_sees_the_shell_and_signs_out(live_server, page, alice):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    expect(page.get_by_role("heading", name="Sign in to Lore")).to_be_visible()

    page.get_by_label("Username or email").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(f"{live_server.url}/")
    header = page.get_by_role("banner")
    expect(header.get_by_role("link", name="Lore")).to_be_visible()
    expect(header.get_by_role("link", name="New article")).to_be_visible()
    expect(header.get_by_role("combobox", name="Search articles")).to_be_visible()
    menu = header.locator(".user-menu summary")
    expect(menu).to_contain_text("Alice A.")

    menu.click()
    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))


def test_a_wrong_password_is_refused_with_a_clear_alert(live_server, page, alice):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username or email").fill("alice")
    page.get_by_label("Password").fill("not my password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_contain_text("don't match an active account")
    expect(page.get_by_label("Username or email")).to_have_value("alice")


def test_the_skip_link_is_the_first_stop_and_jumps_to_the_content(signed_in_page, alice):
    page = signed_in_page(alice)

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.locator("main#content")).to_be_focused()


def test_slash_jumps_to_search_and_escape_closes_the_user_menu(signed_in_page, alice):
    page = signed_in_page(alice)

    page.keyboard.press("/")
    expect(page.get_by_role("combobox", name="Search articles")).to_be_focused()

    summary = page.locator(".user-menu summary")
    summary.click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    expect(summary).to_be_focused()


def test_on_a_phone_the_sidebar_opens_behind_a_toggle(signed_in_page, alice):
    page = signed_in_page(alice, width=390, height=800)
    toggle = page.get_by_role("button", name="Navigation")
    sidebar = page.locator("#sidebar")

    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(sidebar).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(sidebar.get_by_role("link", name="Recent changes")).to_be_visible()
    page.keyboard.press("Escape")

    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(sidebar).to_be_hidden()


def test_a_data_confirm_form_is_sent_only_when_the_person_agrees(signed_in_page, alice):
    page = signed_in_page(alice)
    page.evaluate(
        """() => document.querySelector("main").insertAdjacentHTML("beforeend",
            '<form method="get" action="/elsewhere/" data-confirm="Really?">'
            + '<button id="go">Go</button></form>')"""
    )
    answers = iter([False, True])
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.accept() if next(answers) else dialog.dismiss()

    page.on("dialog", answer)
    page.locator("#go").click()
    assert questions == ["Really?"]
    assert "/elsewhere/" not in page.url

    with page.expect_navigation():
        page.locator("#go").click()
    assert questions == ["Really?", "Really?"]
    assert "/elsewhere/" in page.url


def test_an_unknown_page_shows_the_styled_404_inside_the_layout(signed_in_page, alice):
    page = signed_in_page(alice)

    response = page.goto(page.url + "no/such/page/")

    assert response.status == 404
    expect(page.get_by_role("heading", name="We couldn't find that page")).to_be_visible()
    expect(page.get_by_role("navigation", name="Articles")).to_be_attached()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390, 360])
def test_the_shell_fits_desktops_and_phones_in_both_themes(
    signed_in_page, make_page, live_server, alice, screenshot, width, color_scheme
):
    page = signed_in_page(alice, width=width, color_scheme=color_scheme)
    for name, path in [("home", "/"), ("password", "/accounts/password/"), ("404", "/nope/")]:
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        screenshot(page, f"{name}-{width}-{color_scheme}")

    signed_out = make_page(width=width, color_scheme=color_scheme)
    signed_out.goto(f"{live_server.url}/accounts/login/")
    expect(signed_out.get_by_role("heading", name="Sign in to Lore")).to_be_visible()
    screenshot(signed_out, f"login-{width}-{color_scheme}")
