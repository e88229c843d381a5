"""Moderators hide and unhide; anyone who can read reports; every action is logged."""

import pytest

from discussion import services
from discussion.models import Comment, CommentReport, ModerationLog


def test_a_moderator_hides_a_comment_with_a_reason(client, moderator, bob, article, comment_on):
    comment = comment_on(article, bob, "Buy cheap watches")
    client.force_login(moderator)

    response = client.post(f"/discussion/comments/{comment.pk}/hide/", {"reason": "spam"})

    comment.refresh_from_db()
    article.refresh_from_db()
    assert response.status_code == 302
    assert comment.hidden_by == moderator and comment.hidden_reason == "spam"
    assert article.comment_count == 0
    log = ModerationLog.objects.get()
    assert (log.moderator, log.action, log.comment, log.note) == (
        moderator,
        "hide",
        comment,
        "spam",
    )


def test_a_hidden_comment_is_a_placeholder_for_others_and_marked_for_moderators(
    client, moderator, alice, bob, article, comment_on
):
    comment = comment_on(article, bob, "Buy cheap watches")
    comment_on(article, alice, "Is this spam?", reply_to=comment)
    services.hide_comment(comment=comment, moderator=moderator, reason="spam")

    client.force_login(alice)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Comment hidden by a moderator." in page and "cheap watches" not in page
    assert "Is this spam?" in page

    client.force_login(moderator)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "cheap watches" in page and "Hidden: spam" in page and "Unhide" in page


def test_a_thread_of_nothing_but_placeholders_is_not_shown(
    client, moderator, alice, bob, article, comment_on
):
    services.hide_comment(comment=comment_on(article, bob, "Spam"), moderator=moderator)
    services.delete_comment(comment=comment_on(article, bob, "Oops"), actor=bob)
    client.force_login(alice)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Comment hidden" not in page and "Comment removed" not in page
    client.force_login(moderator)
    assert "Spam" in client.get(article.get_absolute_url()).content.decode()


def test_the_author_still_sees_a_hidden_comment_that_is_the_only_one(
    client, moderator, bob, article, comment_on
):
    comment = comment_on(article, bob, "Buy cheap watches")
    services.hide_comment(comment=comment, moderator=moderator, reason="spam")
    article.refresh_from_db()
    assert (article.comment_count, article.hidden_comment_count) == (0, 1)

    client.force_login(bob)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "cheap watches" in page and f'id="comment-{comment.pk}"' in page

    services.delete_comment(comment=comment, actor=bob)
    article.refresh_from_db()
    assert (article.comment_count, article.hidden_comment_count) == (0, 0)
    assert "cheap watches" not in client.get(article.get_absolute_url()).content.decode()


def test_unhiding_restores_both_counts(moderator, bob, article, comment_on):
    comment = comment_on(article, bob)
    services.hide_comment(comment=comment, moderator=moderator)
    services.unhide_comment(comment=comment, moderator=moderator)
    article.refresh_from_db()
    assert (article.comment_count, article.hidden_comment_count) == (1, 0)


def test_unhiding_brings_it_back_and_is_logged(client, moderator, bob, article, comment_on):
    comment = comment_on(article, bob)
    services.hide_comment(comment=comment, moderator=moderator)
    client.force_login(moderator)

    client.post(f"/discussion/comments/{comment.pk}/unhide/")

    comment.refresh_from_db()
    article.refresh_from_db()
    assert comment.hidden_at is None and article.comment_count == 1
    assert list(ModerationLog.objects.values_list("action", flat=True)) == ["unhide", "hide"]


@pytest.mark.parametrize("action", ["hide", "unhide"])
def test_only_moderators_hide_and_unhide(client, alice, bob, article, comment_on, action):
    comment = comment_on(article, bob)
    client.force_login(alice)
    assert client.post(f"/discussion/comments/{comment.pk}/{action}/").status_code == 403
    assert not ModerationLog.objects.exists()


def test_hiding_a_removed_comment_does_not_count_it_twice(
    client, moderator, bob, article, comment_on
):
    comment = comment_on(article, bob)
    services.delete_comment(comment=comment, actor=bob)
    services.hide_comment(comment=comment, moderator=moderator)
    services.unhide_comment(comment=comment, moderator=moderator)
    article.refresh_from_db()
    assert article.comment_count == 0


def test_a_moderator_removing_someone_elses_comment_is_logged(
    client, moderator, bob, article, comment_on
):
    comment = comment_on(article, bob)
    client.force_login(moderator)
    client.post(f"/discussion/comments/{comment.pk}/delete/")
    assert ModerationLog.objects.get().action == "delete"


def test_an_author_removing_their_own_comment_is_not_moderation(client, bob, article, comment_on):
    comment = comment_on(article, bob)
    client.force_login(bob)
    client.post(f"/discussion/comments/{comment.pk}/delete/")
    assert not ModerationLog.objects.exists()


def test_a_reader_reports_a_comment_once(client, reader, bob, article, comment_on):
    comment = comment_on(article, bob, "Wrong and rude")
    client.force_login(reader)
    url = f"/discussion/comments/{comment.pk}/report/"

    first = client.post(url, {"reason": "Rude"}, follow=True).content.decode()
    second = client.post(url, {"reason": "Still rude"}, follow=True).content.decode()

    assert "the moderators will look at it" in first
    assert "You have already reported this comment" in second
    report = CommentReport.objects.get()
    assert (report.reporter, report.reason, report.is_open) == (reader, "Rude", True)


def test_a_report_needs_a_reason(client, reader, bob, article, comment_on):
    comment = comment_on(article, bob)
    client.force_login(reader)
    response = client.post(f"/discussion/comments/{comment.pk}/report/", {"reason": " "})
    assert response.status_code == 400 and "Say what is wrong" in response.content.decode()
    assert not CommentReport.objects.exists()


def test_nobody_reports_their_own_comment(client, bob, article, comment_on):
    comment = comment_on(article, bob)
    client.force_login(bob)
    page = client.post(
        f"/discussion/comments/{comment.pk}/report/", {"reason": "oops"}, follow=True
    ).content.decode()
    assert "can&#x27;t report your own comment" in page
    assert not CommentReport.objects.exists()


def test_moderators_see_open_reports_and_hiding_closes_them(
    client, moderator, reader, bob, article, comment_on
):
    comment = comment_on(article, bob)
    services.report_comment(comment=comment, reporter=reader, reason="Rude")
    client.force_login(moderator)
    assert "1 report</span>" in client.get(article.get_absolute_url()).content.decode()

    services.hide_comment(comment=comment, moderator=moderator)

    report = CommentReport.objects.get()
    assert report.closed_by == moderator and not report.is_open
    assert Comment.objects.reported().count() == 0
    # The reporter may report it again later (the closed report doesn't block a new one).
    services.unhide_comment(comment=comment, moderator=moderator)
    services.report_comment(comment=comment, reporter=reader, reason="Rude again")
    assert Comment.objects.reported().get() == comment
