"""The article page costs the same number of queries however many comments it has."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from discussion.models import Comment
from discussion.services import THREADS_PER_PAGE


def queries_for(client, url):
    """Queries for ``url`` once the caches any page reuses (sidebar, fragments, access, the
    notification bell that posting just changed) are warm."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def grow(article, people, *, threads, replies_each):
    """Add ``threads`` threads, each a chain of ``replies_each`` answers (rows made directly:
    posting through the service, with its notifications, would make these tests slow)."""
    for number in range(threads):
        root = Comment.objects.create(
            article=article,
            author=people[number % 2],
            body=f"Thread {number}",
            body_html=f"<p>Thread {number}</p>",
            revision_number=1,
        )
        parent = root
        for depth in range(replies_each):
            parent = Comment.objects.create(
                article=article,
                author=people[(number + depth + 1) % 2],
                thread=root,
                parent=parent if parent.depth < 2 else parent.parent,
                reply_to=parent,
                depth=min(parent.depth + 1, 2),
                body=f"Re {depth}",
                body_html=f"<p>Re {depth}</p>",
                revision_number=1,
            )
    added = threads * (1 + replies_each)
    Article.objects.filter(pk=article.pk).update(comment_count=F("comment_count") + added)


@pytest.mark.parametrize("viewer", ["bob", "moderator"])
def test_the_article_page_runs_the_same_queries_with_3_or_60_comments(
    client, alice, bob, moderator, article, viewer, request
):
    person = request.getfixturevalue(viewer)
    client.force_login(person)
    url = article.get_absolute_url()
    grow(article, [alice, bob], threads=1, replies_each=2)
    few, _ = queries_for(client, url)

    grow(article, [alice, bob], threads=19, replies_each=3)  # 3 + 76 comments
    many, page = queries_for(client, url)

    assert many == few
    assert page.count('class="comment') >= 60
    assert few <= 10


def test_deep_reply_chains_and_older_pages_cost_no_more(client, alice, bob, article):
    client.force_login(bob)
    url = article.get_absolute_url()
    grow(article, [alice, bob], threads=1, replies_each=1)
    client.get(url)
    few, _ = queries_for(client, url)

    grow(article, [alice, bob], threads=THREADS_PER_PAGE + 5, replies_each=12)
    first, page = queries_for(client, url)
    older, older_page = queries_for(client, url + "?comments=2")

    assert first == few and older == few
    assert "Older threads" in page and "Newer threads" in older_page
    assert older_page.count('<li class="thread') == 6


def test_an_article_without_comments_costs_no_discussion_query(client, bob, article):
    client.force_login(bob)
    url = article.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    assert not [q for q in context.captured_queries if "discussion_comment" in q["sql"]]
