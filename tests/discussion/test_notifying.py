"""Posting tells followers, the person answered and the people @mentioned, once each."""

from django.contrib.auth.models import Group

from discussion.models import Comment
from notifications import services as notifications
from notifications.models import Follow, Notification
from tests.conftest import make_user, restrict_reading


def kinds(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_commenting_follows_the_article(client, bob, article):
    client.force_login(bob)
    client.post(f"/wiki/{article.path}/_comments/", {"body": "Hi"})
    assert Follow.objects.filter(user=bob, article=article).exists()


def test_followers_hear_about_a_new_comment_but_not_the_poster(client, alice, bob, article):
    notifications.follow(user=bob, article=article)
    client.force_login(bob)
    client.post(f"/wiki/{article.path}/_comments/", {"body": "Hi"})
    comment = Comment.objects.get()

    assert kinds(alice) == ["comment"]  # alice created the article, so she follows it
    assert kinds(bob) == []
    notification = Notification.objects.get(recipient=alice)
    assert notification.comment_id == comment.pk
    assert notification.url == f"/wiki/{article.path}/#comment-{comment.pk}"


def test_a_reply_tells_the_person_answered_once_as_a_reply(client, alice, bob, article, comment_on):
    root = comment_on(article, alice, "Question")
    Notification.objects.all().delete()
    client.force_login(bob)

    client.post(f"/discussion/comments/{root.pk}/reply/", {"body": "Answer, @alice"})

    assert kinds(alice) == ["reply"]


def test_a_mention_tells_the_person_once_and_unknown_names_are_pointed_out(
    client, alice, bob, article
):
    carol = make_user("carol")
    notifications.follow(user=carol, article=article)
    client.force_login(bob)

    response = client.post(
        f"/wiki/{article.path}/_comments/",
        {"body": "@carol and @nobodyhere, see `@alice` in code"},
        follow=True,
    )

    assert kinds(carol) == ["mention"]
    assert kinds(alice) == ["comment"]
    page = response.content.decode()
    assert "Nobody here is called @nobodyhere" in page
    comment = Comment.objects.get()
    assert '<a class="mention" href="/people/carol/">@carol</a>' in comment.body_html
    assert "@nobodyhere" in comment.body_html and "/people/alice/" not in comment.body_html


def test_people_who_cannot_read_the_article_hear_nothing(client, make_article, alice, bob):
    hr = Group.objects.create(name="HR")
    alice.groups.add(hr)
    secret = make_article("Salaries")
    restrict_reading(secret, groups=[hr])
    client.force_login(alice)
    client.post(f"/wiki/{secret.path}/_comments/", {"body": "@bob have a look"})
    assert kinds(bob) == []


def test_an_edit_tells_only_people_newly_mentioned(client, alice, bob, article, comment_on):
    carol = make_user("carol")
    comment = comment_on(article, bob, "Hi @carol")
    Notification.objects.all().delete()
    client.force_login(bob)

    client.post(f"/discussion/comments/{comment.pk}/edit/", {"body": "Hi @carol and @alice"})

    assert kinds(carol) == [] and kinds(alice) == ["mention"]
