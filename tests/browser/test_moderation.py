"""Comment moderation end to end in real browsers: an author edits her comment, a colleague
reports it, a moderator hides it (others see a placeholder) and unhides it, and an
administrator finds the report and the moderation log in the Django admin."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role, role_group
from discussion import services
from discussion.models import Comment, CommentReport, ModerationLog
from tests.conftest import make_user

pytestmark = pytest.mark.browser

FIRST = "Restart the queue worker after each deploy."
EDITED = "Restart the queue worker *and* the scheduler after each deploy."
EDITED_TEXT = "Restart the queue worker and the scheduler after each deploy."  # as rendered
REPLY = "Noted, thanks."
HIDDEN = re.compile(r"\bcomment-hidden\b")
REPORT_REASON = "Wrong: the scheduler restarts by itself."
HIDE_REASON = "Misleading, under review"


def moderator():
    user = make_user("mona", display_name="Mona M.")
    # get_or_create: an earlier live_server test's flush may have removed the role groups.
    user.groups.add(role_group(Role.MODERATOR))
    return user


def test_a_comment_is_edited_reported_hidden_and_unhidden(
    live_server, signed_in_page, make_article, alice, bob, admin
):
    article = make_article("Deploy runbook", body="## Steps\n\nRun it.\n")
    url = f"{live_server.url}{article.get_absolute_url()}"
    comment, _ = services.post_comment(article=article, author=alice, body=FIRST)
    # A shown reply keeps the thread on the page once alice's comment is hidden, so others
    # see its placeholder (with nothing shown at all, the discussion lists no threads).
    services.post_comment(article=article, author=bob, body=REPLY, reply_to=comment)
    mona = moderator()

    # 1. Alice edits her comment on its own page; it says so afterwards.
    page = signed_in_page(alice)
    page.goto(url)
    mine = page.locator(f"#comment-{comment.pk}")
    expect(mine.locator(".comment-meta")).not_to_contain_text("edited")
    mine.get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_role("heading", name="Edit comment", level=1)).to_be_visible()
    expect(page.get_by_label("Comment", exact=True)).to_have_value(FIRST)
    page.get_by_label("Comment", exact=True).fill(EDITED)
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{url}#comment-{comment.pk}")
    expect(page.get_by_text("Your comment is updated.")).to_be_visible()
    mine = page.locator(f"#comment-{comment.pk}")
    expect(mine.locator(".comment-body")).to_have_text(EDITED_TEXT)
    expect(mine.locator(".comment-body em")).to_have_text("and")
    expect(mine.locator(".comment-meta")).to_contain_text("edited")
    # Only moderators get "edited" as a link to the earlier versions.
    expect(mine.get_by_role("link", name="edited", exact=True)).to_have_count(0)

    # 2. Bob reports it with a reason, without leaving the page.
    other = signed_in_page(bob)
    other.goto(url)
    other.evaluate("window.stillTheSamePage = true")  # gone if the page reloads
    theirs = other.locator(f"#comment-{comment.pk}")
    expect(theirs.locator(".comment-body")).to_have_text(EDITED_TEXT)
    theirs.locator("summary", has_text="Report").click()
    theirs.get_by_label("What is wrong with it?").fill(REPORT_REASON)
    theirs.get_by_role("button", name="Report").click()
    expect(other.get_by_text("Thank you: the moderators will look at it.")).to_be_visible()
    assert other.evaluate("window.stillTheSamePage === true")
    report = CommentReport.objects.get()
    assert (report.comment_id, report.reporter, report.reason) == (comment.pk, bob, REPORT_REASON)
    assert report.is_open

    # 3. Mona sees the report and hides the comment with a reason.
    mod = signed_in_page(mona)
    mod.goto(url)
    reported = mod.locator(f"#comment-{comment.pk}")
    expect(reported.locator(".comment-meta .badge")).to_have_text("1 report")
    expect(reported.get_by_role("link", name="edited", exact=True)).to_be_visible()
    reported.locator("summary", has_text="Hide").click()
    reported.get_by_label("Reason (optional)").fill(HIDE_REASON)
    reported.get_by_role("button", name="Hide").click()
    expect(mod.get_by_text("The comment is hidden.")).to_be_visible()
    hidden = mod.locator(f"#comment-{comment.pk}")
    expect(hidden).to_have_class(HIDDEN)
    expect(hidden.locator(".comment-meta .badge")).to_have_text(f"Hidden: {HIDE_REASON}")
    expect(hidden.locator(".comment-body")).to_have_text(EDITED_TEXT)  # moderators still see it
    expect(hidden.get_by_role("button", name="Unhide")).to_be_visible()
    expect(hidden.locator("summary", has_text="Hide")).to_have_count(0)

    # ...and Bob, reloading, sees only a placeholder where the text was.
    other.reload()
    placeholder = other.locator(f"#comment-{comment.pk}")
    expect(placeholder.locator(".comment-placeholder")).to_have_text(
        "Comment hidden by a moderator."
    )
    expect(other.locator("#discussion")).not_to_contain_text("the scheduler")
    expect(other.locator("#discussion")).not_to_contain_text(HIDE_REASON)
    expect(placeholder.locator("summary", has_text="Report")).to_have_count(0)
    expect(other.locator(".replies .comment", has_text=REPLY)).to_be_visible()

    # 4. Mona unhides it; Bob sees the text again.
    hidden.get_by_role("button", name="Unhide").click()
    expect(mod.get_by_text("The comment is visible again.")).to_be_visible()
    shown = mod.locator(f"#comment-{comment.pk}")
    expect(shown).not_to_have_class(HIDDEN)
    expect(shown.locator("summary", has_text="Hide")).to_be_visible()
    expect(shown.locator(".comment-meta")).not_to_contain_text("Hidden")

    other.reload()
    theirs = other.locator(f"#comment-{comment.pk}")
    expect(theirs.locator(".comment-body")).to_have_text(EDITED_TEXT)
    expect(theirs.locator(".comment-placeholder")).to_have_count(0)
    assert Comment.objects.get(pk=comment.pk).is_shown

    # 5. The Django admin (staff only: moderators have no way in) keeps the record: the
    # comment was reported (the report is closed by the hiding) and mona's actions are logged.
    root = signed_in_page(admin)
    name = f"Comment {comment.pk} by Alice A. on Deploy runbook"
    root.goto(f"{live_server.url}/admin/discussion/comment/?reported=any")
    expect(root.locator("#result_list")).to_contain_text(name)
    root.goto(f"{live_server.url}/admin/discussion/comment/?reported=open")
    expect(root.get_by_text("0 comments")).to_be_visible()
    expect(root.locator("#result_list")).to_have_count(0)

    root.goto(f"{live_server.url}/admin/discussion/comment/{comment.pk}/change/")
    reports = root.locator("#reports-group")
    expect(reports).to_contain_text(REPORT_REASON)
    expect(reports).to_contain_text("Bob Baker")

    root.goto(f"{live_server.url}/admin/discussion/moderationlog/")
    rows = root.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Unhid")
    expect(rows.nth(1)).to_contain_text("Hid")
    expect(rows.nth(1)).to_contain_text(HIDE_REASON)
    expect(rows.nth(1)).to_contain_text("Mona M.")
    assert list(ModerationLog.objects.values_list("action", flat=True)) == ["unhide", "hide"]
