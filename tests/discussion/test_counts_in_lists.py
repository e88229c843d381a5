"""Comment counts beside articles in lists: read from the article's own column, no query."""

import re

import pytest


def count_link(html, article):
    match = re.search(
        rf'<a class="comment-count muted" href="/wiki/{article.path}/#discussion"[^>]*>.*?'
        r"Comments: </span>(\d+)</a>",
        html,
        re.S,
    )
    return int(match.group(1)) if match else None


@pytest.mark.parametrize("url", ["/", "/wiki/_recent/"])
def test_recent_changes_show_how_many_comments_each_article_has(
    client, bob, article, make_article, comment_on, url
):
    quiet = make_article("Quiet page")
    comment_on(article, bob, "One")
    comment_on(article, bob, "Two")
    client.force_login(bob)

    html = client.get(url).content.decode()

    assert count_link(html, article) == 2
    assert count_link(html, quiet) is None  # no badge without comments


def test_a_removed_or_hidden_comment_is_not_counted(client, bob, moderator, article, comment_on):
    from discussion import services

    kept = comment_on(article, bob, "Kept")
    services.hide_comment(comment=comment_on(article, bob, "Rude"), moderator=moderator, reason="")
    services.delete_comment(comment=comment_on(article, bob, "Oops"), actor=bob, note="")
    client.force_login(bob)

    assert count_link(client.get("/wiki/_recent/").content.decode(), article) == 1
    assert kept.pk


def test_counts_cost_no_query_per_row(
    client, bob, make_article, comment_on, django_assert_max_num_queries
):
    client.force_login(bob)
    for number in range(3):
        comment_on(make_article(f"Page {number}"), bob, "Hello")
    client.get("/wiki/_recent/")
    with django_assert_max_num_queries(6) as few:
        client.get("/wiki/_recent/")
    for number in range(3, 30):
        comment_on(make_article(f"Page {number}"), bob, "Hello")
    with django_assert_max_num_queries(6) as many:
        html = client.get("/wiki/_recent/").content.decode()
    assert len(few.captured_queries) == len(many.captured_queries)
    assert html.count('class="comment-count muted"') >= 25


@pytest.mark.parametrize("url", ["/", "/wiki/_recent/"])
def test_a_new_comment_shows_in_the_lists_at_once(client, bob, article, comment_on, url):
    """The table of changes is cached (articles/templatetags/change_tags.py), under a key
    that holds every value it shows."""
    client.force_login(bob)
    assert count_link(client.get(url).content.decode(), article) is None

    comment_on(article, bob, "First")

    assert count_link(client.get(url).content.decode(), article) == 1
