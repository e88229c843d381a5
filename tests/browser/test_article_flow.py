"""An article's whole life in a real browser: create, preview, edit, a conflict between two
people, history, diff, revert, move, delete and restore."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def open_editor(page, url):
    page.goto(url)
    return page.locator("textarea[name=body]")


def test_an_article_lives_through_edits_conflicts_history_moves_and_the_trash(
    live_server, signed_in_page, alice, bob
):
    base = live_server.url
    page = signed_in_page(alice)

    # Create, with a live preview while typing.
    page.goto(f"{base}/wiki/_new/")
    page.get_by_label("Title").fill("Deploy runbook")
    body = page.locator("textarea[name=body]")
    body.fill("## Steps\n\nline one\nline two\nline three\n")
    expect(page.locator("#preview h2")).to_have_text("Steps")
    page.get_by_role("button", name="Create article").click()
    expect(page).to_have_url(f"{base}/wiki/deploy-runbook/")
    expect(page.get_by_role("heading", name="Deploy runbook", level=1)).to_be_visible()

    # Two people edit the same revision; the second save overlaps and gets the conflict page.
    mine = open_editor(page, f"{base}/wiki/deploy-runbook/_edit/")
    theirs_page = signed_in_page(bob)
    theirs = open_editor(theirs_page, f"{base}/wiki/deploy-runbook/_edit/")
    theirs.fill("## Steps\n\nline one\nline two by bob\nline three\n")
    theirs.press("Control+s")
    expect(theirs_page).to_have_url(f"{base}/wiki/deploy-runbook/")

    mine.fill("## Steps\n\nline one\nline two by alice\nline three\n")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", name="Your edit overlaps with a newer one")).to_be_visible()
    expect(page.locator("textarea[name=body]")).to_have_value(
        "## Steps\n\nline one\nline two by alice\nline three\n"
    )
    expect(page.locator("table.diff ins").first).to_be_visible()
    page.get_by_role("button", name="Save my version").click()
    expect(page).to_have_url(f"{base}/wiki/deploy-runbook/")
    expect(page.locator(".article-body")).to_contain_text("line two by alice")

    # History lists all three revisions; compare the first with the latest.
    page.goto(f"{base}/wiki/deploy-runbook/_history/")
    expect(page.locator("tbody tr")).to_have_count(3)
    page.get_by_label("Compare from revision 1").check()
    page.get_by_label("Compare to revision 3").check()
    page.get_by_role("button", name="Compare selected revisions").first.click()
    expect(page).to_have_url(re.compile(r"_diff/\?(from=1&to=3|to=3&from=1)$"))
    expect(page.locator("table.diff ins").first).to_contain_text("by alice")

    # Revert to the first revision: a new revision with the old text.
    page.goto(f"{base}/wiki/deploy-runbook/_revert/1/")
    page.get_by_role("button", name="Revert to revision 1").click()
    expect(page).to_have_url(f"{base}/wiki/deploy-runbook/")
    expect(page.locator(".article-body")).not_to_contain_text("by alice")

    # Move it into another section; the old address still works.
    page.goto(f"{base}/wiki/_new/")
    page.get_by_label("Title").fill("Operations")
    page.get_by_role("button", name="Create article").click()
    page.goto(f"{base}/wiki/deploy-runbook/_move/")
    page.get_by_label("Target article").fill("operations")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page).to_have_url(f"{base}/wiki/operations/deploy-runbook/")
    page.goto(f"{base}/wiki/deploy-runbook/")
    expect(page).to_have_url(f"{base}/wiki/operations/deploy-runbook/")

    # Trash it, then restore it from the trash.
    page.goto(f"{base}/wiki/operations/deploy-runbook/_delete/")
    page.get_by_role("button", name="Move to trash").click()
    expect(page).to_have_url(f"{base}/wiki/operations/")
    page.goto(f"{base}/wiki/_trash/")
    page.get_by_role("button", name="Restore “Deploy runbook”").click()
    expect(page).to_have_url(f"{base}/wiki/operations/deploy-runbook/")
    expect(page.get_by_role("heading", name="Deploy runbook", level=1)).to_be_visible()
