"""Simultaneous writers, for real: separate threads, separate database connections.

These need PostgreSQL: SQLite's in-memory test database is shared between threads through
table locks that fail instead of waiting, which says nothing about production behaviour
(there, Lore's IMMEDIATE transactions queue writers one at a time).
"""

import threading

import pytest
from django.db import connection

from articles import services
from articles.models import Article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks and concurrent connections (SQLite shares one)")


def run_together(*calls):
    """Start every call at the same instant, each on its own connection; collect outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as exc:  # the outcome *is* the exception for conflicts
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def save_from_revision_one(article_id, user, body):
    return lambda: services.edit_article(
        article=Article.objects.get(pk=article_id),
        base_revision=1,
        title="Notes",
        body=body,
        author=user,
    )


def test_two_simultaneous_non_overlapping_saves_are_both_kept(alice, bob):
    article = services.create_article(title="Notes", body="one\ntwo\nthree\nfour\n", author=alice)

    outcomes = run_together(
        save_from_revision_one(article.pk, alice, "ONE\ntwo\nthree\nfour\n"),
        save_from_revision_one(article.pk, bob, "one\ntwo\nthree\nFOUR\n"),
    )

    assert all(isinstance(o, services.SaveResult) for o in outcomes), outcomes
    assert sorted(o.merged for o in outcomes) == [False, True]
    article.refresh_from_db()
    assert article.body == "ONE\ntwo\nthree\nFOUR\n"
    assert article.revision_number == 3


def test_two_simultaneous_overlapping_saves_never_overwrite_silently(alice, bob):
    article = services.create_article(title="Notes", body="one\ntwo\n", author=alice)

    outcomes = run_together(
        save_from_revision_one(article.pk, alice, "one\nalice\n"),
        save_from_revision_one(article.pk, bob, "one\nbob\n"),
    )

    saved = [o for o in outcomes if isinstance(o, services.SaveResult)]
    conflicts = [o for o in outcomes if isinstance(o, services.EditConflict)]
    assert len(saved) == 1 and len(conflicts) == 1, outcomes
    article.refresh_from_db()
    assert article.revision_number == 2
    assert article.body == saved[0].article.body
    assert conflicts[0].mine_body != article.body


def test_simultaneous_moves_keep_the_tree_consistent(alice, bob):
    sections = [
        services.create_article(title=f"Section {n}", body="", author=alice) for n in range(3)
    ]
    pages = [
        services.create_article(title=f"Page {n}", body="", author=alice, parent=sections[n % 3])
        for n in range(8)
    ]

    def mover(page, target):
        return lambda: services.move_article(
            article=Article.objects.get(pk=page.pk),
            target=Article.objects.get(pk=target.pk),
            position="last-child",
            author=bob,
        )

    outcomes = run_together(*(mover(p, sections[(i + 1) % 3]) for i, p in enumerate(pages)))

    assert all(isinstance(o, services.SaveResult) for o in outcomes), outcomes
    from tests.articles.test_services import tree_is_valid

    assert tree_is_valid()
    for page in pages:
        page.refresh_from_db()
        assert page.path == f"{page.parent.path}/{page.slug}"
