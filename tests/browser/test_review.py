"""Keeping knowledge true, in real browsers: the owner sets a review interval, a reader says the
article helped and then reports it outdated, time passes (backdated data), a moderator sees it
on the knowledge health page beside a search that found nothing, and the owner sees the badge
and the report, verifies, and the report closes."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role, role_group
from notifications.models import Notification
from review.models import OutdatedReport
from tests.conftest import make_user
from tests.review.conftest import make_overdue

pytestmark = pytest.mark.browser

NOTE = "The deploy command is make ship now, not make deploy."


def health_section(page, heading):
    """The knowledge health page's section whose heading starts with ``heading``."""
    name = re.compile(f"^{re.escape(heading)}")
    return page.locator("section", has=page.get_by_role("heading", name=name))


def test_an_owner_keeps_an_article_true_with_a_readers_help(
    live_server, signed_in_page, make_article, alice, bob, screenshot
):
    base = live_server.url
    article = make_article("Deploy runbook", body="Run `make deploy` from main.\n")  # alice's
    url = f"{base}/wiki/deploy-runbook/"
    moderator = make_user("moira", display_name="Moira")
    moderator.groups.add(role_group(Role.MODERATOR))

    # The owner asks for a review every 30 days.
    owner = signed_in_page(alice)
    owner.goto(url)
    status = owner.locator("#review-status")
    expect(status).to_contain_text("Verified by Alice A., today")
    owner.get_by_role("link", name="Owners and review").click()
    owner.get_by_label("Review every (days)").fill("30")
    owner.get_by_role("button", name="Save").click()
    expect(owner).to_have_url(url)
    expect(owner.get_by_text("Saved who owns “Deploy runbook”")).to_be_visible()
    expect(status).to_contain_text("next review by")

    # A reader found it helpful, then notices it is out of date and says so.
    reader = signed_in_page(bob)
    reader.goto(url)
    feedback = reader.locator(".review-feedback")
    feedback.get_by_role("button", name="Yes", exact=True).click()
    expect(reader.get_by_text("Thanks for your feedback.")).to_be_visible()
    expect(feedback.locator(".review-helpful-count")).to_have_text(
        "1 of 1 reader found this helpful"
    )
    expect(feedback.get_by_role("button", name="Yes", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    feedback.get_by_text("Report outdated or wrong").click()
    feedback.get_by_label("What is outdated or wrong?").fill(NOTE)
    feedback.get_by_role("button", name="Send report").click()
    expect(reader.get_by_text("Thanks: the article's owners have been told.")).to_be_visible()
    expect(reader.get_by_text("You reported this article as outdated or wrong")).to_be_visible()
    expect(reader.locator("#review-reports")).to_have_count(0)  # for owners and moderators

    # Forty days later nobody has reviewed it.
    make_overdue(article, days=10, interval=30)

    # A moderator looks for something nobody has written about, then at knowledge health.
    mod = signed_in_page(moderator)
    mod.get_by_label("Search articles").first.fill("kubernetes rollback")
    mod.get_by_label("Search articles").first.press("Enter")
    expect(mod).to_have_url(re.compile(r"/search/\?q=kubernetes"))
    mod.goto(f"{base}/search/?q=runbook")
    expect(mod.locator(".search-result-title", has_text="Deploy runbook")).to_contain_text(
        "Review overdue"
    )
    mod.locator(".user-menu summary").click()
    mod.get_by_role("link", name="Knowledge health").click()
    expect(mod).to_have_url(f"{base}/knowledge-health/")
    overdue = mod.locator(
        "section", has=mod.get_by_role("heading", name=re.compile("^Overdue for review"))
    )
    expect(overdue.get_by_role("heading")).to_have_text("Overdue for review (1)")
    expect(overdue.get_by_role("row", name=re.compile("Deploy runbook"))).to_contain_text(
        "Alice A."
    )
    reports = mod.locator(
        "section", has=mod.get_by_role("heading", name=re.compile("^Open reports"))
    )
    expect(reports).to_contain_text(NOTE)
    gaps = mod.locator(
        "section", has=mod.get_by_role("heading", name=re.compile("^Knowledge gaps"))
    )
    expect(gaps.get_by_role("row", name=re.compile("kubernetes rollback"))).to_be_visible()
    screenshot(mod, "review-knowledge-health")

    # The owner was told, sees the calm overdue badge and the report, and verifies.
    owner.goto(url)
    expect(owner.locator("[data-notification-bell] .notification-bell-count")).to_have_text("1")
    expect(status.locator(".review-badge-overdue")).to_contain_text("Review overdue since")
    owner_reports = owner.locator("#review-reports")
    expect(owner_reports).to_contain_text("1 open report that this is outdated or wrong")
    expect(owner_reports).to_contain_text(f"Bob Baker, today: {NOTE}")
    screenshot(owner, "review-overdue-with-report")
    owner.get_by_role("button", name="Mark as verified").click()
    expect(
        owner.get_by_text("Thanks: “Deploy runbook” is marked as verified today.")
    ).to_be_visible()
    expect(owner.locator("#review-reports")).to_have_count(0)
    expect(status.locator(".review-badge-verified")).to_have_text("Verified by Alice A., today")
    expect(status.locator(".review-badge-overdue")).to_have_count(0)
    screenshot(owner, "review-verified")
    assert OutdatedReport.objects.get().closed_by == alice
    assert Notification.objects.get(recipient=alice).kind == "outdated_report"

    # Nothing overdue or reported any more; the search gap stays for someone to write up.
    mod.reload()
    expect(overdue).to_contain_text("Nothing is overdue.")
    expect(reports).to_contain_text("No open reports.")
    expect(gaps).to_contain_text("kubernetes rollback")
