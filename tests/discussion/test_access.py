"""Only people who can read an article see, post or act on its comments."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import GuestGrant
from articles import services as article_services
from discussion.models import Comment
from discussion.services import THREADS_PER_PAGE
from tests.conftest import make_user, restrict_reading

ACTIONS = ["reply", "edit", "delete", "resolve", "hide", "unhide", "report"]


@pytest.fixture
def secret(make_article, alice):
    """An article only the HR group may read, with a comment on it."""
    hr = Group.objects.create(name="HR")
    alice.groups.add(hr)
    article = make_article("Salaries", body="Confidential.")
    restrict_reading(article, groups=[hr])
    article.refresh_from_db()
    return article


def test_an_outsider_gets_404_for_everything_about_a_restricted_articles_comments(
    client, secret, alice, bob, moderator, comment_on
):
    comment = comment_on(secret, alice, "The raise is 3%.")
    for person in (bob, moderator):
        client.force_login(person)
        assert client.get(f"/discussion/comments/{comment.pk}/").status_code == 404
        assert client.post(f"/wiki/{secret.path}/_comments/", {"body": "Hi"}).status_code == 404
        for action in ACTIONS:
            url = f"/discussion/comments/{comment.pk}/{action}/"
            assert client.post(url, {"body": "x", "reason": "x"}).status_code == 404, url
    comment.refresh_from_db()
    assert comment.is_shown and Comment.objects.count() == 1


def test_insiders_read_and_post(client, secret, alice):
    client.force_login(alice)
    response = client.post(f"/wiki/{secret.path}/_comments/", {"body": "Noted."})
    assert response.status_code == 302
    assert "Noted." in client.get(secret.get_absolute_url()).content.decode()


def test_a_guest_comments_in_a_granted_section_only(client, make_article, comment_on, alice):
    granted = make_article("Partners")
    other = make_article("Internal")
    guest = make_user("gwen", is_guest=True)
    GuestGrant.objects.create(user=guest, article=granted)
    client.force_login(guest)

    assert client.post(f"/wiki/{granted.path}/_comments/", {"body": "Hello"}).status_code == 302
    assert client.post(f"/wiki/{other.path}/_comments/", {"body": "Hello"}).status_code == 404
    hidden = comment_on(other, alice, "Internal only")
    assert client.get(f"/discussion/comments/{hidden.pk}/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, article, comment_on, bob):
    comment = comment_on(article, bob)
    response = client.post(f"/discussion/comments/{comment.pk}/reply/", {"body": "x"})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert Comment.objects.count() == 1


def test_a_made_up_comment_id_is_a_404(client, bob, article):
    client.force_login(bob)
    assert client.get("/discussion/comments/987654/").status_code == 404
    assert client.post("/discussion/comments/987654/reply/", {"body": "x"}).status_code == 404


def test_comments_of_a_trashed_article_are_gone_everywhere(client, alice, bob, article, comment_on):
    comment = comment_on(article, bob, "Before the trash")
    article_services.trash_article(article=article, author=alice)
    client.force_login(bob)
    assert client.get(f"/discussion/comments/{comment.pk}/").status_code == 404
    assert (
        client.post(f"/discussion/comments/{comment.pk}/reply/", {"body": "x"}).status_code == 404
    )
    assert Comment.objects.visible_to(bob).count() == 0


def test_the_permalink_leads_to_the_page_of_threads_that_shows_the_comment(
    client, bob, article, comment_on
):
    oldest = comment_on(article, bob, "Oldest thread")
    reply = comment_on(article, bob, "A reply", reply_to=oldest)
    for number in range(THREADS_PER_PAGE):
        comment_on(article, bob, f"Thread {number}")
    newest = Comment.objects.filter(thread=None).latest("created_at", "pk")
    client.force_login(bob)

    response = client.get(f"/discussion/comments/{reply.pk}/")

    assert response.url == f"/wiki/{article.path}/?comments=2#comment-{reply.pk}"
    assert "A reply" in client.get(response.url).content.decode()
    assert client.get(f"/discussion/comments/{newest.pk}/").url.endswith(f"/#comment-{newest.pk}")
    assert client.get(newest.get_absolute_url()).status_code == 302


def test_a_nonsense_thread_page_shows_the_first(client, bob, article, comment_on):
    comment_on(article, bob, "Hello there")
    client.force_login(bob)
    for page in ("abc", "0", "-3", "99999999999"):
        response = client.get(f"{article.get_absolute_url()}?comments={page}")
        assert response.status_code == 200 and "Hello there" in response.content.decode()
