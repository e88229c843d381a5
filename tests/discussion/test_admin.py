"""Comments, reports and the moderation log in the Django admin."""

import pytest

from discussion import services
from discussion.models import Comment, ModerationLog

CHANGELIST = "/admin/discussion/comment/"


@pytest.fixture
def comments(article, alice, bob, comment_on):
    return [comment_on(article, bob, "Spam one"), comment_on(article, alice, "Fine")]


def act(client, action, comments):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [c.pk for c in comments]},
        follow=True,
    )


def test_bulk_hide_goes_through_the_service_and_is_logged(client, admin, article, comments):
    client.force_login(admin)

    response = act(client, "hide", comments)

    article.refresh_from_db()
    assert "2 comments hidden." in response.content.decode()
    assert Comment.objects.filter(hidden_at__isnull=False).count() == 2
    assert article.comment_count == 0
    assert ModerationLog.objects.filter(action="hide", moderator=admin).count() == 2


def test_bulk_unhide_and_remove(client, admin, article, comments):
    client.force_login(admin)
    act(client, "hide", comments)
    act(client, "unhide", comments[:1])
    act(client, "remove", comments[1:])

    article.refresh_from_db()
    assert article.comment_count == 1
    actions = sorted(ModerationLog.objects.values_list("action", flat=True))
    assert actions == ["delete", "hide", "hide", "unhide"]


def test_the_list_filters_by_reports_and_state(client, admin, reader, comments):
    services.report_comment(comment=comments[1], reporter=reader, reason="Rude")
    services.delete_comment(comment=comments[0], actor=comments[0].author)
    client.force_login(admin)

    reported = client.get(CHANGELIST + "?reported=open").context["cl"].result_list
    removed = client.get(CHANGELIST + "?state=deleted").context["cl"].result_list
    found = client.get(CHANGELIST + "?q=spam").context["cl"].result_list

    assert list(reported) == [comments[1]]
    assert list(removed) == [comments[0]]
    assert list(found) == [comments[0]]


def test_the_comment_page_shows_earlier_texts_and_reports(client, admin, reader, comments):
    comment = comments[0]
    services.edit_comment(comment=comment, editor=comment.author, body="Edited")
    services.report_comment(comment=comment, reporter=reader, reason="Advertising")
    client.force_login(admin)
    page = client.get(f"{CHANGELIST}{comment.pk}/change/").content.decode()
    assert "Spam one" in page and "Advertising" in page


def test_the_moderation_log_is_read_only(client, admin, moderator, comments):
    services.hide_comment(comment=comments[0], moderator=moderator, reason="spam")
    client.force_login(admin)
    log = ModerationLog.objects.get()
    assert client.get("/admin/discussion/moderationlog/").status_code == 200
    assert client.get("/admin/discussion/moderationlog/add/").status_code == 403
    response = client.post(f"/admin/discussion/moderationlog/{log.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert client.get("/admin/discussion/commentreport/").status_code == 200
