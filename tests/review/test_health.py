"""The knowledge health page: moderators see everything they may read, owners what they own;
everyone else is refused. Filterable by section, paginated, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from review import pageviews, services
from review.models import ArticleReview
from search.models import FailedSearch
from tests.conftest import make_user, restrict_reading
from tests.review.conftest import make_overdue, text_of

URL = "/knowledge-health/"


@pytest.fixture
def wiki(make_article, alice, bob, set_review):
    """Engineering (alice's, 30 days) with an overdue runbook; Sales (bob's) with an overdue
    price list; a restricted section only alice may read, overdue too."""
    engineering = make_article("Engineering")
    runbook = make_article("Runbook", parent=engineering)
    make_article("Fresh notes", parent=engineering)
    sales = make_article("Sales", author=bob)
    prices = make_article("Price list", parent=sales, author=bob)
    secret = make_article("Secret plans")
    restrict_reading(secret, users=[alice])
    for section in (engineering, sales, secret):
        set_review(section, interval_days=30)
    for article in (runbook, prices, secret):
        make_overdue(article)
    return {"runbook": runbook, "prices": prices, "secret": secret, "sales": sales}


def test_people_who_own_nothing_and_arent_moderators_are_refused(client, db):
    client.force_login(make_user("nobody"))
    response = client.get(URL)
    assert response.status_code == 403
    assert "for moderators and for people who own articles" in text_of(response)


def test_an_owner_sees_only_what_they_own(client, bob, wiki):
    client.force_login(bob)
    page = text_of(client.get(URL))
    assert "Price list" in page
    assert "Runbook" not in page and "Secret plans" not in page
    assert "Knowledge gaps" not in page  # moderators only


def test_a_moderator_sees_everything_they_may_read_but_nothing_restricted(client, moderator, wiki):
    FailedSearch.objects.create(
        query="vpn on linux", count=7, first_seen=timezone.now(), last_seen=timezone.now()
    )
    client.force_login(moderator)
    page = text_of(client.get(URL))
    assert "Runbook" in page and "Price list" in page
    assert "Secret plans" not in page
    assert "Overdue for review (2)" in page
    assert "Engineering 1" in page and "Sales 1" in page  # by section
    assert "Alice A. 1" in page and "Bob Baker 1" in page  # by owner
    assert "vpn on linux 7" in page


def test_it_filters_by_section(client, moderator, wiki):
    client.force_login(moderator)
    page = text_of(client.get(URL, {"section": "sales"}))
    assert "Price list" in page and "Runbook" not in page


def test_a_section_one_cant_read_is_not_a_filter_choice(client, moderator, wiki):
    client.force_login(moderator)
    response = client.get(URL, {"section": "secret-plans"})
    assert response.status_code == 200
    assert "Select a valid choice" in text_of(response)
    assert "Secret plans" not in text_of(response)


def test_it_lists_open_reports_and_the_most_read_overdue_articles(client, alice, carol, wiki):
    services.report_outdated(article=wiki["runbook"], user=carol, note="Old hostnames")
    pageviews.write_counts(timezone.localdate(), {wiki["runbook"].pk: 12, wiki["secret"].pk: 3})
    client.force_login(alice)
    page = text_of(client.get(URL))
    assert "Runbook · Carol Cole, today Old hostnames" in page
    assert "Runbook · 12 views" in page
    assert "Secret plans · 3 views" in page  # alice may read and owns it


def test_it_lists_articles_nobody_read_in_180_days(client, bob, wiki):
    long_ago = timezone.now() - timedelta(days=400)
    Article.objects.filter(pk__in=[wiki["prices"].pk, wiki["sales"].pk]).update(created_at=long_ago)
    today = timezone.localdate()
    pageviews.write_counts(today - timedelta(days=300), {wiki["prices"].pk: 1})  # too long ago
    pageviews.write_counts(today - timedelta(days=10), {wiki["sales"].pk: 1})
    client.force_login(bob)
    page = text_of(client.get(URL))
    idle = page[page.index("Not read in 180 days") :]
    assert "Not read in 180 days (1)" in idle and "Price list" in idle


def test_until_views_were_counted_for_180_days_it_says_since_when(client, bob, wiki):
    long_ago = timezone.now() - timedelta(days=400)
    Article.objects.filter(pk__in=[wiki["prices"].pk, wiki["sales"].pk]).update(created_at=long_ago)
    client.force_login(bob)
    assert "No page views have been counted yet." in text_of(client.get(URL))

    # Counting began ten days ago: nobody can say what was read before.
    began = timezone.localdate() - timedelta(days=10)
    pageviews.write_counts(began, {wiki["sales"].pk: 1})
    page = text_of(client.get(URL))
    assert (
        f"Not read since {began:%-d %B %Y}, when page views were first counted (1) "
        "Articles over 180 days old"
    ) in page
    assert "Price list" in page[page.index("Not read since") :]


def test_long_lists_are_paginated(client, moderator, make_article, set_review, alice):
    parent = make_article("Big")
    set_review(parent, interval_days=30)
    for number in range(30):
        make_overdue(make_article(f"Page {number:02}", parent=parent))
    client.force_login(moderator)
    first = text_of(client.get(URL))
    assert "Overdue for review (30)" in first and "Page 1 of 2" in first
    second = text_of(client.get(URL, {"overdue_page": 2}))
    assert "Page 29" in second and "Page 00" not in second


# Warm caches (session, access verdicts): the report itself is one query per list, two for
# the paginated ones, plus the filter's section choices.
HEALTH_QUERIES = 12


@pytest.mark.parametrize("viewer", ["moderator", "owner"])
@pytest.mark.parametrize("query", [{}, {"section": "large"}])
def test_it_runs_the_same_queries_for_few_or_many_articles_reports_and_views(
    client,
    moderator,
    alice,
    carol,
    make_article,
    set_review,
    django_assert_max_num_queries,
    viewer,
    query,
):
    large, other = make_article("Large"), make_article("Other")
    for section in (large, other):
        set_review(section, interval_days=30)

    def add(count):
        """``count`` more overdue, reported, read pages in each section; some never read."""
        for section in (large, other):
            for _ in range(count):
                number = Article.objects.filter(parent=section).count()
                page = make_article(f"{section.title} {number}", parent=section)
                make_overdue(page)
                services.report_outdated(article=page, user=carol, note="Wrong")
                if number % 2:
                    pageviews.write_counts(timezone.localdate(), {page.pk: number})
                else:
                    Article.objects.filter(pk=page.pk).update(
                        created_at=timezone.now() - timedelta(days=400)
                    )
                FailedSearch.objects.create(
                    query=f"{section.title} gap {number}",
                    first_seen=timezone.now(),
                    last_seen=timezone.now(),
                )

    client.force_login(moderator if viewer == "moderator" else alice)
    add(2)
    client.get(URL, query)  # warm the session and access caches
    with django_assert_max_num_queries(HEALTH_QUERIES) as few:
        response = client.get(URL, query)
    assert response.context["report"].overdue.paginator.count == (2 if query else 4)

    add(30)
    client.get(URL, query)  # the reports cleared alice's cached bell count: warm it again
    with django_assert_max_num_queries(HEALTH_QUERIES) as many:
        response = client.get(URL, query)
    report = response.context["report"]
    assert report.overdue.paginator.count == (32 if query else 64)
    assert report.idle.paginator.count == (16 if query else 32)
    assert len(report.most_viewed) == 10 and len(report.reports) == (32 if query else 50)
    assert len(report.gaps) == (20 if viewer == "moderator" else 0)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_owners_through_a_group_see_their_groups_articles(client, carol, docs_team, wiki):
    review = ArticleReview.objects.get(pk=wiki["sales"].pk)
    services.change_settings(
        article=wiki["sales"],
        users=[],
        groups=[docs_team],
        interval_days=review.interval_days,
        by=None,
    )
    client.force_login(carol)
    assert "Price list" in text_of(client.get(URL))


def test_moderators_find_it_in_the_user_menu_and_owners_on_their_articles(
    client, moderator, alice, bob, section
):
    client.force_login(moderator)
    assert 'href="/knowledge-health/"' in client.get("/").content.decode()
    client.force_login(bob)  # neither a moderator nor an owner
    assert 'href="/knowledge-health/"' not in client.get("/").content.decode()
    assert (
        'href="/knowledge-health/"' not in client.get(section.get_absolute_url()).content.decode()
    )
    client.force_login(alice)  # owns the section: the link is beside "Owners and review"
    html = client.get(section.get_absolute_url()).content.decode()
    status = html[html.index('id="review-status"') :]
    assert 'href="/knowledge-health/"' in status[: status.index("</div>")]


def test_the_menu_link_costs_no_query(client, moderator, bob):
    counts = {}
    for person in (moderator, bob):
        client.force_login(person)
        client.get("/wiki/_recent/")
        with CaptureQueriesContext(connection) as queries:
            client.get("/wiki/_recent/")
        counts[person.username] = len(queries.captured_queries)
    assert counts["moira"] == counts["bob"]
