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


def test_the_article_view_itself_never_writes_even_when_counts_are_waiting(rf, bob, section, clock):
    from articles.views.article import detail

    pageviews.count_view(section)
    clock.shift(timedelta(minutes=11))  # a closed bucket is waiting to be written
    request = rf.get(section.get_absolute_url())
    request.user = bob
    request.session = {}
    with CaptureQueriesContext(connection) as queries:
        response = detail(request, path=section.path)
    assert response.status_code == 200
    assert not [q for q in queries.captured_queries if "review_articleviewday" in q["sql"]]
    assert views_of(section) == 0  # written after the response, by request_finished or cron


def test_a_process_idle_for_hours_still_writes_what_it_counted(client, bob, section, clock):
    client.force_login(bob)
    client.get(section.get_absolute_url())  # counted; its bucket closes in ten minutes
    clock.shift(timedelta(minutes=11))
    pageviews._next_check = 0.0
    client.get("/wiki/_recent/")  # writes it, and marks how far it has written
    assert views_of(section) == 1
    client.get(section.get_absolute_url())
    clock.shift(timedelta(hours=5))  # nobody reads anything for five hours
    pageviews._next_check = 0.0
    client.get("/wiki/_recent/")
    assert views_of(section) == 2


def test_counts_that_could_not_be_written_are_written_by_the_next_flush(
    section, clock, monkeypatch
):
    for _ in range(3):
        pageviews.count_view(section)
    clock.shift(timedelta(minutes=11))
    real_write = pageviews.write_counts

    def failing(day, counts):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(pageviews, "write_counts", failing)
    with pytest.raises(RuntimeError):
        pageviews.flush()
    monkeypatch.setattr(pageviews, "write_counts", real_write)
    assert pageviews.flush() == 3
    assert views_of(section) == 3


def test_the_flush_command_and_task_write_what_is_pending(section, clock, capsys):
    from review.tasks import flush_page_views

    pageviews.count_view(section)
    clock.shift(timedelta(minutes=11))
    call_command("flush_page_views")
    assert "Page views written: 1." in capsys.readouterr().out
    pageviews.count_view(section)
    pageviews.count_view(section)
    clock.shift(timedelta(minutes=11))
    assert flush_page_views.enqueue().return_value == 2
    assert views_of(section) == 3


def test_a_busy_day_is_one_row_per_article_written_in_one_statement(make_article, section, clock):
    others = [make_article(f"Page {n}") for n in range(20)]
    for article in [section, *others]:
        pageviews.count_view(article)
        pageviews.count_view(article)
    clock.shift(timedelta(minutes=11))
    with CaptureQueriesContext(connection) as queries:
        assert pageviews.flush() == 42
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    assert ArticleViewDay.objects.count() == 21
