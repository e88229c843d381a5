"""Two people discuss an article in real browsers: comments and replies appear without a
page reload (static/js/discussion.js), and the thread can be resolved."""

import pytest
from playwright.sync_api import expect

from discussion.models import Comment

pytestmark = pytest.mark.browser


def mark_page(page):
    """A flag that survives only while the page is not reloaded."""
    page.evaluate("window.stillTheSamePage = true")


def not_reloaded(page):
    return page.evaluate("window.stillTheSamePage === true")


def test_two_people_discuss_an_article_without_reloading_the_page(
    live_server, signed_in_page, make_article, alice, bob
):
    article = make_article("Deploy runbook", body="## Steps\n\nRun it.\n")
    url = f"{live_server.url}{article.get_absolute_url()}"

    page = signed_in_page(alice)
    page.goto(url)
    mark_page(page)
    page.get_by_label("Add a comment").fill("Does step 2 need **sudo**?")
    page.get_by_role("button", name="Post comment").click()
    question = page.locator(".comment", has_text="Does step 2 need sudo?")
    expect(question).to_be_visible()
    expect(question.locator("strong")).to_have_text("sudo")
    expect(page.get_by_text("Your comment is posted.")).to_be_visible()
    expect(page.get_by_label("Add a comment")).to_have_value("")
    assert not_reloaded(page)
    comment = Comment.objects.get()
    assert page.url.endswith(f"#comment-{comment.pk}")

    other = signed_in_page(bob)
    other.goto(url)
    mark_page(other)
    thread = other.locator(f"#comment-{comment.pk}")
    thread.get_by_text("Reply", exact=True).click()
    thread.get_by_label("Reply to Alice A.").fill("Yes, @alice: it writes to /etc.")
    thread.get_by_role("button", name="Post reply").click()
    reply = other.locator(".replies .comment", has_text="it writes to /etc.")
    expect(reply).to_be_visible()
    expect(reply.locator("a.mention")).to_have_text("@alice")
    assert not_reloaded(other)

    # An empty reply is refused in place, without losing the page.
    thread = other.locator(f"#comment-{comment.pk}")
    thread.get_by_text("Reply", exact=True).click()
    thread.get_by_label("Reply to Alice A.").fill("   ")
    thread.get_by_role("button", name="Post reply").click()
    expect(other.get_by_text("the comment is empty")).to_be_visible()
    assert not_reloaded(other)

    page.reload()
    expect(page.locator(".replies .comment", has_text="it writes to /etc.")).to_be_visible()
    mark_page(page)
    page.locator(f"#comment-{comment.pk}").get_by_role("button", name="Mark resolved").click()
    expect(page.locator("details.thread-collapse > summary")).to_contain_text("Resolved")
    expect(page.locator(f"#comment-{comment.pk}")).to_be_hidden()
    assert not_reloaded(page)
    page.locator("details.thread-collapse > summary").click()
    expect(page.locator(f"#comment-{comment.pk}")).to_be_visible()
