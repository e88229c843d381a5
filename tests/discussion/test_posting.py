"""Posting comments and replies from the article page."""

from html.parser import HTMLParser

import pytest
from django.test import override_settings

from articles import services as article_services
from discussion.models import Comment


def post(client, article, body):
    return client.post(f"/wiki/{article.path}/_comments/", {"body": body})


def test_a_reader_posts_a_comment_and_lands_on_its_permalink(client, reader, article):
    client.force_login(reader)

    response = post(client, article, "Does this **work** on Fridays?")

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"/wiki/{article.path}/#comment-{comment.pk}"
    assert comment.author == reader and comment.article == article
    assert comment.body_html == "<p>Does this <strong>work</strong> on Fridays?</p>\n"
    page = client.get(response.url).content.decode()
    assert f'id="comment-{comment.pk}"' in page
    assert "<strong>work</strong>" in page


def test_posting_updates_the_articles_comment_count(client, bob, article):
    client.force_login(bob)
    post(client, article, "One")
    post(client, article, "Two")
    article.refresh_from_db()
    assert article.comment_count == 2


def test_replies_nest_two_levels_then_sit_beside_the_comment_they_answer(
    client, alice, bob, article, comment_on
):
    root = comment_on(article, alice, "Root")
    first = comment_on(article, bob, "Depth one", reply_to=root)
    second = comment_on(article, alice, "Depth two", reply_to=first)
    client.force_login(bob)

    client.post(f"/discussion/comments/{second.pk}/reply/", {"body": "Depth three?"})

    third = Comment.objects.get(body="Depth three?")
    assert (first.depth, second.depth, third.depth) == (1, 2, 2)
    assert third.parent == first and third.reply_to == second
    assert {first.thread_id, second.thread_id, third.thread_id} == {root.pk}
    page = client.get(article.get_absolute_url()).content.decode()
    assert "replying to Alice A." in page


def test_a_comment_shows_the_revision_it_was_written_on_once_the_article_changed(
    client, alice, bob, article, comment_on
):
    comment = comment_on(article, bob, "Step 2 is wrong.")
    client.force_login(bob)
    assert "article changed since" not in client.get(article.get_absolute_url()).content.decode()

    article_services.edit_article(
        article=article, base_revision=1, title=article.title, body="Fixed.", author=alice
    )

    page = client.get(article.get_absolute_url()).content.decode()
    assert comment.revision_number == 1
    assert "on revision 1" in page and "article changed since" in page
    assert f"/wiki/{article.path}/_diff/?from=1&amp;to=2" in page


@pytest.mark.parametrize("body", ["", "   \n\t  "])
def test_an_empty_comment_is_refused_with_a_message(client, bob, article, body):
    client.force_login(bob)
    response = post(client, article, body)
    assert response.status_code == 400
    assert "the comment is empty" in response.content.decode()
    assert not Comment.objects.exists()


@override_settings(LORE_MAX_COMMENT_CHARS=50)
def test_a_huge_comment_is_refused_and_the_text_is_kept(client, bob, article):
    client.force_login(bob)
    text = "Very long. " * 10
    response = post(client, article, text)
    page = response.content.decode()
    assert response.status_code == 400
    assert "at most 50 characters; this one has 110" in page
    assert "Very long. Very long." in page
    assert not Comment.objects.exists()


def test_the_default_limit_is_twenty_thousand_characters(client, bob, article):
    client.force_login(bob)
    assert post(client, article, "x" * 20_000).status_code == 302
    assert post(client, article, "x" * 20_001).status_code == 400
    assert Comment.objects.count() == 1


class Tags(HTMLParser):
    """Every element and attribute in some HTML, as a browser would see them."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.attributes = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((name, value or "") for name, value in attrs)


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(2))",
        '<img src=x onerror="alert(3)">',
        '![x](x" onerror="alert(4))',
        "[x](&#106;avascript:alert(5))",
        '<a href="https://evil.example" onclick="steal()">hi</a>',
        "<svg><script>alert(6)</script></svg>",
        "[[Deploying]] <iframe src=//evil.example></iframe>",
    ],
)
def test_hostile_markdown_is_sanitised(client, bob, article, body):
    client.force_login(bob)
    post(client, article, body)

    found = Tags(Comment.objects.get().body_html)

    assert not {"script", "iframe", "svg", "img"} & set(found.tags)
    assert not [name for name, _ in found.attributes if name.startswith("on")]
    assert not [v for _, v in found.attributes if v.strip().lower().startswith("javascript:")]
    page = client.get(article.get_absolute_url()).content.decode()
    assert not [v for _, v in Tags(page).attributes if "alert(" in v]


def test_the_post_form_needs_post(client, bob, article):
    client.force_login(bob)
    assert client.get(f"/wiki/{article.path}/_comments/").status_code == 405


def test_a_script_gets_the_rendered_discussion_back_instead_of_a_redirect(client, bob, article):
    client.force_login(bob)
    response = client.post(
        f"/wiki/{article.path}/_comments/",
        {"body": "From fetch"},
        headers={"X-Lore-Partial": "discussion"},
    )
    comment = Comment.objects.get()
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="discussion"')
    assert "From fetch" in page and "Your comment is posted." in page
    assert response["X-Comment-Id"] == str(comment.pk)
    assert response["X-Comment-Url"] == f"/wiki/{article.path}/#comment-{comment.pk}"


def test_a_script_gets_the_refused_form_back_with_its_message(client, bob, article):
    client.force_login(bob)
    response = client.post(
        f"/wiki/{article.path}/_comments/", {"body": " "}, headers={"X-Lore-Partial": "discussion"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert page.lstrip().startswith("<form") and "the comment is empty" in page
