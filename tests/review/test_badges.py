"""The review status at a glance: a calm badge on the article page, and "Review overdue" marks
in listings and search results, all without extra queries per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from review import services
from review.models import ArticleReview
from tests.conftest import make_user
from tests.review.conftest import make_overdue, text_of


def test_a_recently_verified_article_says_who_verified_it_and_when(
    client, bob, section, set_review
):
    set_review(section, interval_days=30)
    review = make_overdue(section, days=-18)  # verified 12 days ago, due in 18
    client.force_login(bob)
    page = text_of(client.get(section.get_absolute_url()))
    assert "Verified by Alice A., 12 days ago" in page
    assert "Owned by Alice A." in page
    assert f"next review by {review.due_at:%-d %B %Y}" in page
    assert "Review overdue" not in page


def test_an_overdue_article_says_since_when(client, bob, section, set_review):
    set_review(section, interval_days=30)
    review = make_overdue(section, days=3)
    client.force_login(bob)
    page = text_of(client.get(section.get_absolute_url()))
    assert f"Review overdue since {review.due_at:%-d %B %Y}" in page
    assert "Mark as verified" not in page  # bob doesn't own it


def test_owners_see_the_verify_button_and_the_settings_link(client, alice, section):
    client.force_login(alice)
    page = text_of(client.get(section.get_absolute_url()))
    assert "Mark as verified" in page and "Owners and review" in page


def test_an_article_without_a_review_row_still_renders(client, bob, section):
    ArticleReview.objects.all().delete()
    client.force_login(bob)
    response = client.get(section.get_absolute_url())
    assert response.status_code == 200
    assert "Verified by" not in text_of(response) and "Was this helpful?" in text_of(response)


def test_overdue_articles_are_marked_on_the_home_page_and_in_recent_changes(
    client, bob, section, make_article, set_review
):
    make_article("Fresh page", parent=section)
    stale = make_article("Stale page", parent=section)
    set_review(section, interval_days=30)
    make_overdue(stale)
    client.force_login(bob)
    for url in ["/", "/wiki/_recent/"]:
        html = client.get(url).content.decode()
        assert html.count("Review overdue</span>") >= 1, url
        stale_row = html[html.index(">Stale page</a>") :][:200]
        fresh_row = html[html.index(">Fresh page</a>") :][:200]
        assert "Review overdue" in stale_row and "Review overdue" not in fresh_row, url


def test_a_section_that_is_overdue_is_marked_among_the_sections(client, bob, section, set_review):
    set_review(section, interval_days=30)
    make_overdue(section)
    client.force_login(bob)
    html = client.get("/").content.decode()
    card = html[html.index('class="card section-card"') :]
    assert "Review overdue" in card[card.index(">Engineering</a>") :][:200]


def test_overdue_articles_are_marked_in_search_results(client, bob, section, set_review):
    from search.indexing import reindex

    set_review(section, interval_days=30)
    make_overdue(section)
    reindex([section.pk])
    client.force_login(bob)
    html = client.get("/search/", {"q": "engineering"}).content.decode()
    assert "Review overdue" in html[html.index('class="search-result-title"') :][:400]


def test_a_verification_clears_the_mark_in_listings_at_once(client, alice, section, set_review):
    set_review(section, interval_days=30)
    make_overdue(section)
    client.force_login(alice)
    assert "Review overdue</span>" in client.get("/").content.decode()
    services.verify(article=section, by=alice)
    assert "Review overdue</span>" not in client.get("/").content.decode()


def test_listings_read_the_overdue_set_from_the_cache(client, bob, section, set_review):
    set_review(section, interval_days=30)
    make_overdue(section)
    client.force_login(bob)
    client.get("/wiki/_recent/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/wiki/_recent/")
    assert not [q for q in warm.captured_queries if "review_articlereview" in q["sql"]]


# --- The article page's query budget --------------------------------------------------------


def page_queries(client, article):
    client.get(article.get_absolute_url())  # warm caches (access verdicts, fragments)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.get_absolute_url()).status_code == 200
    return len(queries.captured_queries)


def pile_up(article, count):
    """Owners, reports, votes and counted views on ``article``."""
    from review import pageviews

    people = [make_user(f"person{article.pk}x{n}") for n in range(count)]
    services.change_settings(article=article, users=people, groups=[], interval_days=30, by=None)
    for person in people:
        services.vote(article=article, user=person, helpful=True)
        services.report_outdated(article=article, user=person, note="Wrong")
        pageviews.count_view(article)
    return people


@pytest.mark.parametrize("many", [30])
def test_review_adds_one_query_for_readers_and_one_more_for_owners_whatever_piles_up(
    client, bob, make_article, many
):
    few, lots = make_article("Few"), make_article("Lots")
    few_owner = pile_up(few, 1)[0]
    lots_owner = pile_up(lots, many)[0]
    bare = make_article("Bare")
    ArticleReview.objects.filter(pk=bare.pk).delete()

    client.force_login(bob)
    without_review = page_queries(client, bare)
    reader_few, reader_lots = page_queries(client, few), page_queries(client, lots)
    assert reader_few == reader_lots == without_review + 1

    client.force_login(few_owner)
    owner_few = page_queries(client, few)
    client.force_login(lots_owner)
    owner_lots = page_queries(client, lots)
    assert owner_few == owner_lots == reader_few + 1
