"""Threads are resolved by their author, the article's editors or moderators, and collapse."""

import pytest

from discussion.models import ModerationLog


def resolve(client, comment, resolved=True):
    data = {"resolved": "on"} if resolved else {}
    return client.post(f"/discussion/comments/{comment.pk}/resolve/", data)


@pytest.mark.parametrize("who", ["reader", "alice", "moderator"])
def test_the_author_an_editor_or_a_moderator_resolves_a_thread(
    client, reader, article, comment_on, who, request
):
    comment = comment_on(article, reader, "How do I roll back?")
    client.force_login(request.getfixturevalue(who))

    response = resolve(client, comment)

    comment.refresh_from_db()
    assert response.status_code == 302
    assert comment.resolved_at is not None
    assert ModerationLog.objects.filter(action="resolve").exists() == (who == "moderator")


def test_a_reader_cannot_resolve_someone_elses_thread(client, alice, reader, article, comment_on):
    comment = comment_on(article, alice)
    client.force_login(reader)
    assert resolve(client, comment).status_code == 403
    comment.refresh_from_db()
    assert comment.resolved_at is None


def test_a_resolved_thread_collapses_and_can_be_reopened(client, bob, alice, article, comment_on):
    comment = comment_on(article, bob, "Question")
    comment_on(article, alice, "Answer", reply_to=comment)
    client.force_login(bob)
    resolve(client, comment)

    page = client.get(article.get_absolute_url()).content.decode()
    assert '<details class="thread-collapse">' in page and "Resolved" in page
    assert "1 reply" in page

    resolve(client, comment, resolved=False)
    comment.refresh_from_db()
    assert comment.resolved_at is None
    assert "thread-collapse" not in client.get(article.get_absolute_url()).content.decode()


def test_only_whole_threads_are_resolved(client, bob, alice, article, comment_on):
    root = comment_on(article, bob)
    reply = comment_on(article, alice, reply_to=root)
    client.force_login(alice)
    response = client.post(
        f"/discussion/comments/{reply.pk}/resolve/", {"resolved": "on"}, follow=True
    )
    assert "Only a whole thread can be marked resolved." in response.content.decode()
    reply.refresh_from_db()
    assert reply.resolved_at is None
