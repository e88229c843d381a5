"""Queries compiled once and run again with new values (articles/prepared.py): the same rows
as the queryset they stand for, for every reader and every value, or a loud refusal."""

import pytest

from articles.models import Article
from articles.prepared import PreparedQuery
from tests.conftest import restrict_reading


def by_paths(user, paths):
    return Article.objects.visible_to(user).select_related("updated_by").filter(path__in=paths)


def test_it_gives_the_querysets_rows_for_each_new_value(
    make_article, alice, django_assert_num_queries
):
    eng = make_article("Engineering")
    setup = make_article("Setup", parent=eng)
    hr = make_article("People")
    builds = []

    def build(user, paths):
        builds.append(paths)
        return by_paths(user, paths).order_by("path")

    prepared = PreparedQuery(build)
    assert [a.pk for a in prepared(alice, [eng.path, setup.path])] == [eng.pk, setup.pk]
    compiled = len(builds)
    with django_assert_num_queries(2):  # no query for updated_by: select_related still works
        rows = prepared(alice, [hr.path, setup.path])
        assert [a.pk for a in rows] == [setup.pk, hr.pk]  # engineering/setup, people
        assert rows[1].updated_by.username == hr.updated_by.username
        assert prepared(alice, [eng.path, "no/such/page"])[0].pk == eng.pk
    assert len(builds) == compiled  # compiled on the first call only
    assert [a.pk for a in prepared(alice, [hr.path])] == [hr.pk]  # a new length: a new shape
    assert len(builds) > compiled


def test_values_list_rows_come_back_as_tuples(make_article, alice):
    eng = make_article("Engineering")
    prepared = PreparedQuery(
        lambda user, pk: Article.objects.visible_to(user).filter(pk=pk).values_list("pk", "title")
    )
    assert prepared(alice, eng.pk) == [(eng.pk, "Engineering")]
    assert prepared(alice, eng.pk + 1000) == []


def test_each_reader_gets_the_rows_their_access_allows(make_article, alice, bob):
    eng = make_article("Engineering")
    secret = make_article("Secret plans", parent=eng)
    restrict_reading(secret, users=[alice])
    prepared = PreparedQuery(lambda user, paths: by_paths(user, paths).order_by("path"))
    paths = [eng.path, secret.path]
    assert [a.pk for a in prepared(alice, paths)] == [eng.pk, secret.pk]
    assert [a.pk for a in prepared(bob, paths)] == [eng.pk]
    assert [a.pk for a in prepared(alice, paths)] == [eng.pk, secret.pk]


def test_a_reader_without_a_role_gets_nothing(make_article, bob, django_assert_num_queries):
    eng = make_article("Engineering")
    bob.is_active = False
    prepared = PreparedQuery(by_paths)
    with django_assert_num_queries(0):
        assert prepared(bob, [eng.path]) == []


@pytest.mark.parametrize(
    "build",
    [
        # The ORM makes a pattern of the value: it isn't a parameter as given.
        lambda user, title: Article.objects.filter(title__icontains=title),
        # Written into the SQL itself (LIMIT), not passed as a parameter.
        lambda user, count: Article.objects.all()[:count],
    ],
)
def test_a_value_that_isnt_a_plain_parameter_is_refused(build, alice, db):
    value = "Setup" if build.__code__.co_varnames[1] == "title" else 5
    with pytest.raises(ValueError, match="can't be prepared"):
        PreparedQuery(build)(alice, value)


def test_only_ints_and_strs_are_taken(alice, db):
    prepared = PreparedQuery(lambda user, when: Article.objects.filter(updated_at__gt=when))
    with pytest.raises(TypeError):
        prepared(alice, object())


class RecordingConnection:
    """Stands for a thread's new connection object (as a live server or a test swaps in): it
    forwards to the real one and records the cursors asked of it."""

    def __init__(self, real):
        self.real, self.cursors = real, 0

    def __getattr__(self, name):
        return getattr(self.real, name)

    def cursor(self):
        self.cursors += 1
        return self.real.cursor()


def test_it_runs_on_the_connection_the_thread_has_now(make_article, alice):
    """A compiler kept from an earlier call must not go on running on the connection it first
    ran on: that one may be outside the current transaction."""
    from django.db import connections

    eng = make_article("Engineering")
    prepared = PreparedQuery(by_paths)
    assert [a.pk for a in prepared(alice, [eng.path])] == [eng.pk]
    real = connections["default"]
    swapped = RecordingConnection(real)
    connections["default"] = swapped
    try:
        assert [a.pk for a in prepared(alice, [eng.path])] == [eng.pk]
    finally:
        connections["default"] = real
    assert swapped.cursors == 1
