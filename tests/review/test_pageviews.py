"""Page views per article per day: counted in the cache while reading (no database write on
the request), written in batches once a five-minute bucket has closed."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from review import pageviews
from review.models import ArticleViewDay


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now().replace(hour=10, minute=1), tick=False) as traveller:
        yield traveller


def views_of(article):
    return sum(ArticleViewDay.objects.filter(article=article).values_list("views", flat=True))


def test_reading_an_article_writes_nothing_to_the_database(client, bob, section, clock):
    client.force_login(bob)
    client.get(section.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert client.get(section.get_absolute_url()).status_code == 200
    writes = [
        q["sql"] for q in queries.captured_queries if q["sql"].split()[0] in {"INSERT", "UPDATE"}
    ]
    assert not [sql for sql in writes if "review_" in sql]
    assert views_of(section) == 0


def test_counts_reach_the_table_once_their_bucket_has_closed(client, bob, section, clock):
    client.force_login(bob)
    for _ in range(4):
        client.get(section.get_absolute_url())
    assert pageviews.flush() == 0  # still the current bucket
    clock.shift(timedelta(minutes=11))
    assert pageviews.flush() == 4
    assert views_of(section) == 4
    assert pageviews.flush() == 0  # written once


def test_a_request_after_the_response_writes_closed_buckets(
    client, bob, section, make_article, clock
):
    client.force_login(bob)
    client.get(section.get_absolute_url())
    clock.shift(timedelta(minutes=11))
    pageviews._next_check = 0.0
    client.get("/")  # any request: the flush runs once its response is finished
    assert views_of(section) == 1


def test_views_add_up_per_article_per_day_and_nobody_is_recorded(
    client, alice, bob, section, make_article, clock
):
    other = make_article("Other")
    for person in (alice, bob):
        client.force_login(person)
        client.get(section.get_absolute_url())
    client.get(other.get_absolute_url())
    clock.shift(timedelta(minutes=11))
    client.get(section.get_absolute_url())
    clock.shift(timedelta(minutes=11))
    pageviews.flush()
    assert views_of(section) == 3 and views_of(other) == 1
    row = ArticleViewDay.objects.get(article=section)
    assert row.day == timezone.localdate()
    assert {field.name for field in ArticleViewDay._meta.fields} == {
        "id",
        "article",
        "day",
        "views",
    }


def test_the_reminders_command_writes_what_is_pending(client, bob, section, clock):
    client.force_login(bob)
    client.get(section.get_absolute_url())
    clock.shift(timedelta(minutes=11))
    call_command("send_review_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert views_of(section) == 1


def test_views_of_an_article_purged_before_the_flush_are_dropped(section, clock):
    pageviews.count_view(section)
    pageviews.write_counts(timezone.localdate(), {section.pk: 2, 999_999: 5})
    assert views_of(section) == 2
    assert ArticleViewDay.objects.count() == 1


def test_a_missing_article_or_a_404_is_not_counted(client, bob, db, clock):
    client.force_login(bob)
    client.get("/wiki/no/such/")
    clock.shift(timedelta(minutes=11))
    assert pageviews.flush() == 0
