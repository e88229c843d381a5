"""Authors edit and remove their own comments; earlier texts are kept for moderators."""

from discussion.models import Comment, CommentEdit


def test_an_author_edits_a_comment_which_is_marked_edited(client, bob, article, comment_on):
    comment = comment_on(article, bob, "Frist!")
    client.force_login(bob)

    form = client.get(f"/discussion/comments/{comment.pk}/edit/").content.decode()
    response = client.post(f"/discussion/comments/{comment.pk}/edit/", {"body": "First!"})

    comment.refresh_from_db()
    assert "Frist!" in form
    assert response.status_code == 302
    assert comment.body == "First!" and comment.body_html == "<p>First!</p>\n"
    assert comment.edited_at is not None
    assert ">edited</span>" in client.get(article.get_absolute_url()).content.decode()


def test_each_edit_keeps_the_previous_text(client, bob, article, comment_on):
    comment = comment_on(article, bob, "One")
    client.force_login(bob)
    client.post(f"/discussion/comments/{comment.pk}/edit/", {"body": "Two"})
    client.post(f"/discussion/comments/{comment.pk}/edit/", {"body": "Three"})

    assert list(comment.edits.values_list("body", flat=True)) == ["Two", "One"]


def test_only_moderators_see_the_earlier_texts(client, bob, alice, moderator, article, comment_on):
    comment = comment_on(article, bob, "Rude words")
    client.force_login(bob)
    client.post(f"/discussion/comments/{comment.pk}/edit/", {"body": "Polite words"})
    url = f"/discussion/comments/{comment.pk}/history/"

    assert client.get(url).status_code == 403
    client.force_login(alice)
    assert client.get(url).status_code == 403
    assert "Rude words" not in client.get(article.get_absolute_url()).content.decode()
    client.force_login(moderator)
    assert "Rude words" in client.get(url).content.decode()
    assert f'href="{url}"' in client.get(article.get_absolute_url()).content.decode()


def test_nobody_edits_someone_elses_comment(client, alice, bob, moderator, article, comment_on):
    comment = comment_on(article, bob, "Mine")
    for person in (alice, moderator):
        client.force_login(person)
        url = f"/discussion/comments/{comment.pk}/edit/"
        assert client.get(url).status_code == 403
        assert client.post(url, {"body": "Theirs"}).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Mine" and not CommentEdit.objects.exists()


def test_an_empty_edit_is_refused_and_keeps_the_comment(client, bob, article, comment_on):
    comment = comment_on(article, bob, "Keep me")
    client.force_login(bob)
    response = client.post(f"/discussion/comments/{comment.pk}/edit/", {"body": ""})
    comment.refresh_from_db()
    assert response.status_code == 400 and "the comment is empty" in response.content.decode()
    assert comment.body == "Keep me"


def test_a_removed_comment_leaves_a_placeholder_and_its_replies(
    client, alice, bob, article, comment_on
):
    root = comment_on(article, bob, "Secret plan")
    reply = comment_on(article, alice, "Great plan", reply_to=root)
    client.force_login(bob)

    response = client.post(f"/discussion/comments/{root.pk}/delete/")

    page = client.get(article.get_absolute_url()).content.decode()
    article.refresh_from_db()
    assert response.status_code == 302
    assert "Comment removed." in page and "Secret plan" not in page
    assert "Great plan" in page and f'id="comment-{reply.pk}"' in page
    assert article.comment_count == 1
    assert Comment.objects.filter(pk=root.pk, deleted_at__isnull=False).exists()


def test_removing_twice_counts_once(client, bob, article, comment_on):
    comment = comment_on(article, bob)
    comment_on(article, bob)
    client.force_login(bob)
    client.post(f"/discussion/comments/{comment.pk}/delete/")
    client.post(f"/discussion/comments/{comment.pk}/delete/")
    article.refresh_from_db()
    assert article.comment_count == 1


def test_people_cannot_remove_others_comments(client, alice, bob, article, comment_on):
    comment = comment_on(article, bob)
    client.force_login(alice)  # the article's author and an editor, not a moderator
    assert client.post(f"/discussion/comments/{comment.pk}/delete/").status_code == 403
    comment.refresh_from_db()
    assert comment.deleted_at is None


def test_a_reply_to_a_removed_comment_is_refused_with_the_text_kept(
    client, alice, bob, article, comment_on
):
    comment = comment_on(article, bob)
    client.force_login(bob)
    client.post(f"/discussion/comments/{comment.pk}/delete/")
    client.force_login(alice)

    response = client.post(f"/discussion/comments/{comment.pk}/reply/", {"body": "My answer"})

    assert response.status_code == 409
    page = response.content.decode()
    assert "was removed, so it can&#x27;t be answered" in page and "My answer" in page
    assert Comment.objects.count() == 1
