"""Following and the notification bell in a real browser: bob follows, alice edits, bob sees
the unread count, opens the notification and lands on the diff."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_bob_follows_alice_edits_and_bob_opens_the_notification(
    live_server, signed_in_page, make_article, alice, bob
):
    base = live_server.url
    make_article("Deploy runbook", body="Step one.\n")

    bob_page = signed_in_page(bob)
    bob_page.goto(f"{base}/wiki/deploy-runbook/")
    expect(bob_page.locator("[data-notification-bell] .notification-bell-count")).to_have_count(0)
    bob_page.get_by_role("button", name="Follow", exact=True).click()
    expect(bob_page.get_by_role("button", name="Following")).to_be_visible()

    alice_page = signed_in_page(alice)
    alice_page.goto(f"{base}/wiki/deploy-runbook/_edit/")
    alice_page.locator("textarea[name=body]").fill("Step one.\nStep two, by Alice.\n")
    alice_page.get_by_role("button", name="Save changes").click()
    expect(alice_page).to_have_url(f"{base}/wiki/deploy-runbook/")

    bob_page.reload()
    bell = bob_page.locator("[data-notification-bell]")
    expect(bell.locator(".notification-bell-count")).to_have_text("1")
    bell.click()
    expect(bob_page).to_have_url(f"{base}/notifications/")
    item = bob_page.locator("li.notification-unread")
    expect(item).to_contain_text("Alice A. edited “Deploy runbook”")
    item.get_by_role("link").click()
    expect(bob_page).to_have_url(re.compile(r"/wiki/deploy-runbook/_diff/\?from=1&to=2$"))
    expect(bob_page.locator("table.diff")).to_contain_text("Step two, by Alice.")
    expect(bob_page.locator("[data-notification-bell] .notification-bell-count")).to_have_count(0)

    assert [message.to for message in mail.outbox] == [["bob@example.com"]]
