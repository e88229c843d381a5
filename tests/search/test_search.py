"""What search finds, in what order, and what it never shows: one suite for both databases.

Run it on SQLite (the default) and on PostgreSQL (``DATABASE_URL=postgres://…``): the same
tests must pass on both.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from articles import services
from articles.models import Article
from search import query as search_query
from search.indexing import reindex
from search.language import Problem
from search.query import search, suggest_titles
from tests.conftest import restrict_reading


def titles(results):
    return [hit.article.title for hit in results.hits]


# --- Relevance -----------------------------------------------------------------------------------


def test_a_title_match_ranks_above_a_heading_match_above_a_body_match(indexed, alice):
    indexed("Office plants", body="Water them weekly. The pelican poster stays.\n")
    indexed("Pelican handbook", body="Everything about our mascot.\n")
    indexed("Mascots", body="# Mascots\n\n## The pelican\n\nOurs is grey.\n")

    results = search(alice, "pelican")

    assert titles(results) == ["Pelican handbook", "Mascots", "Office plants"]
    assert results.total == 3


def test_every_word_must_match(indexed, alice):
    indexed("Staging servers", body="Deploy to staging first.\n")
    indexed("Production servers", body="Deploy carefully.\n")

    assert titles(search(alice, "deploy staging")) == ["Staging servers"]


def test_words_match_other_forms_of_the_same_word(indexed, alice):
    indexed("Release process", body="How we deploy a release.\n")

    assert titles(search(alice, "deploying")) == ["Release process"]


def test_a_quoted_phrase_matches_only_those_words_together(indexed, alice):
    indexed("Blue green deployment", body="Switch traffic between two stacks.\n")
    indexed("Colour palette", body="Green for success and blue for links.\n")

    assert titles(search(alice, '"blue green"')) == ["Blue green deployment"]


def test_a_minus_excludes_articles_with_that_word(indexed, alice):
    indexed("Deploying with Kubernetes", body="Helm charts.\n")
    indexed("Deploying by hand", body="Copy the files over.\n")

    assert titles(search(alice, "deploying -kubernetes")) == ["Deploying by hand"]
    assert titles(search(alice, 'deploying -"by hand"')) == ["Deploying with Kubernetes"]


def test_or_accepts_either_word(indexed, alice):
    indexed("VPN setup", body="Connect from home.\n")
    indexed("Office wifi", body="The password is on the fridge.\n")
    indexed("Printers", body="Third floor.\n")

    assert sorted(titles(search(alice, "vpn OR wifi"))) == ["Office wifi", "VPN setup"]


def test_the_last_word_also_matches_as_a_prefix(indexed, alice):
    indexed("Kubernetes basics", body="Pods and nodes.\n")

    assert titles(search(alice, "kube")) == ["Kubernetes basics"]
    assert titles(search(alice, "pods kube")) == ["Kubernetes basics"]


def test_only_the_last_word_is_a_prefix(indexed, alice):
    indexed("Kubernetes basics", body="Pods and nodes.\n")

    assert search(alice, "kube pods").total == 0


def test_it_finds_non_latin_scripts(indexed, alice):
    indexed("Привет команда", body="Добро пожаловать.\n")
    indexed("知识库", body="欢迎\n")

    assert titles(search(alice, "привет")) == ["Привет команда"]
    assert titles(search(alice, "知识库")) == ["知识库"]


# --- Results -------------------------------------------------------------------------------------


def test_a_hit_has_a_highlighted_title_and_snippet_a_path_and_its_last_editor(
    indexed, alice, section
):
    guides = indexed("Guides", parent=section)
    indexed("Deploy checklist", body="Before you deploy, tell the channel.\n", parent=guides)

    [hit] = search(alice, "deploy").hits

    assert hit.title_html == "<mark>Deploy</mark> checklist"
    assert "<mark>deploy</mark>, tell the channel" in hit.snippet_html
    assert [(crumb.title, crumb.url) for crumb in hit.crumbs] == [
        ("Engineering", "/wiki/engineering/"),
        ("Guides", "/wiki/engineering/guides/"),
    ]
    assert hit.updated_by_name == "Alice A."
    assert hit.updated_at == Article.objects.get(title="Deploy checklist").updated_at


def test_snippets_escape_what_people_wrote(indexed, alice):
    indexed("HTML tips", body="Never write <script>alert('pwned')</script> in a page.\n")

    [hit] = search(alice, "alert").hits

    assert "<script>" not in hit.snippet_html
    assert "&lt;script&gt;<mark>alert</mark>" in hit.snippet_html


def test_results_are_paginated_with_a_count(indexed, alice):
    for number in range(25):
        indexed(f"Runbook {number}", body="Restart the service.\n")

    first = search(alice, "restart", per_page=20)
    second = search(alice, "restart", page=2, per_page=20)

    assert (first.total, len(first.hits), first.page_obj.has_next()) == (25, 20, True)
    assert (second.total, len(second.hits), second.page_obj.number) == (25, 5, 2)
    assert not set(titles(first)) & set(titles(second))


def test_a_page_past_the_end_shows_the_last_page(indexed, alice):
    for number in range(3):
        indexed(f"Runbook {number}", body="Restart the service.\n")

    results = search(alice, "restart", page=99, per_page=2)

    assert (results.page_obj.number, len(results.hits)) == (2, 1)


def test_counts_stop_at_a_ceiling(indexed, alice, monkeypatch):
    monkeypatch.setattr(search_query, "MAX_RESULTS", 3)
    for number in range(5):
        indexed(f"Runbook {number}", body="Restart the service.\n")

    results = search(alice, "restart", per_page=2)

    assert (results.total, results.more_than_total, results.page_obj.paginator.num_pages) == (
        3,
        True,
        2,
    )


# --- Filters -------------------------------------------------------------------------------------


def test_the_section_filter_searches_a_subtree_including_its_top(indexed, alice, section):
    howto = indexed("Backups how-to", body="Nightly backups.\n", parent=section)
    indexed("Restore drill", body="Restore backups quarterly.\n", parent=howto)
    indexed("Backups for laptops", body="Use the backup app.\n")
    section.refresh_from_db()  # its tree fields grew with its children
    howto.refresh_from_db()

    results = search(alice, "backups", section=section)

    assert sorted(titles(results)) == ["Backups how-to", "Restore drill"]
    assert sorted(titles(search(alice, "backups", section=howto))) == [
        "Backups how-to",
        "Restore drill",
    ]


def test_the_author_filter_keeps_articles_last_edited_by_that_person(indexed, alice, bob):
    indexed("Lunch menu", body="Soup on Mondays.\n", author=alice)
    indexed("Lunch rota", body="Who cooks.\n", author=bob)

    assert titles(search(alice, "lunch", author=bob)) == ["Lunch rota"]


def test_the_date_filters_include_both_days(indexed, alice):
    old = indexed("Holiday policy 2019", body="Holiday rules.\n")
    new = indexed("Holiday policy", body="Holiday rules.\n")
    day = timezone.now() - timedelta(days=400)
    Article.objects.filter(pk=old.pk).update(updated_at=day)
    today = timezone.localdate()

    assert titles(search(alice, "holiday", updated_after=today)) == ["Holiday policy"]
    assert titles(search(alice, "holiday", updated_before=today - timedelta(days=1))) == [
        "Holiday policy 2019"
    ]
    on_the_day = timezone.localdate(day)
    assert titles(
        search(alice, "holiday", updated_after=on_the_day, updated_before=on_the_day)
    ) == ["Holiday policy 2019"]
    assert search(alice, "holiday", updated_before=date(2000, 1, 1)).total == 0
    assert new.pk in [hit.article.pk for hit in search(alice, "holiday").hits]


# --- Never shown ---------------------------------------------------------------------------------


def test_trashed_articles_never_appear(indexed, alice, section):
    gone = indexed("Secret plans", body="Confidential roadmap.\n", parent=section)
    indexed("Public plans", body="The roadmap we share.\n")
    services.trash_article(article=gone, author=alice)
    # Even before the index learns about it: results are joined with the live articles.

    assert titles(search(alice, "roadmap")) == ["Public plans"]
    assert suggest_titles(alice, "secret") == []
    assert search(alice, "secret").similar == []

    reindex([gone.pk])

    assert titles(search(alice, "plans")) == ["Public plans"]


def test_restored_articles_come_back(indexed, alice):
    gone = indexed("Secret plans", body="Confidential roadmap.\n")
    services.trash_article(article=gone, author=alice)
    reindex([gone.pk])
    services.restore_article(article=gone, author=alice)
    reindex([gone.pk])

    assert titles(search(alice, "roadmap")) == ["Secret plans"]


def test_an_edit_is_searchable_once_reindexed(indexed, alice):
    article = indexed("Coffee machine", body="Descale monthly.\n")
    services.edit_article(
        article=article,
        base_revision=article.revision_number,
        title="Espresso machine",
        body="Clean the group head.\n",
        author=alice,
    )
    reindex([article.pk])

    assert titles(search(alice, "espresso group")) == ["Espresso machine"]
    assert search(alice, "descale").total == 0


# --- Bad input -----------------------------------------------------------------------------------

BAD_INPUT = [
    '"unbalanced quote',
    'unbalanced "quote',
    '"',
    '""',
    "-",
    "--",
    "OR",
    "OR OR",
    "- OR -",
    "&|!():*<->",
    "the and of",
    "'; DROP TABLE articles_article;--",
    "1' OR '1'='1",
    "\\",
    "deploy:*",
    "!deploy & (",
    "🚀🔥",
    "deploy 🚀",
    "привет мир",
    "知识库 文档",
    "NEAR(a b)",
    "title_text:secret",
    "x" * 10_000,
    "deploy " * 2_000,
]


@pytest.mark.parametrize("q", BAD_INPUT)
def test_bad_input_never_raises(indexed, alice, q):
    indexed("Deploy guide", body="How to deploy.\n")

    results = search(alice, q)

    assert results.total == len(results.hits) or results.total > len(results.hits)


def test_a_query_of_only_stop_words_says_so(alice, db):
    results = search(alice, "the and of")

    assert results.query.problem == Problem.ONLY_STOP_WORDS
    assert results.hits == []


def test_a_query_without_words_says_so(alice, db):
    assert search(alice, "🚀 -- OR").query.problem == Problem.NO_WORDS
    assert search(alice, "   ").query.problem == Problem.EMPTY
    assert search(alice, "-deploy").query.problem == Problem.ONLY_EXCLUSIONS


def test_a_very_long_query_is_cut_and_says_so(indexed, alice):
    indexed("Deploy guide", body="How to deploy.\n")

    results = search(alice, "deploy " + "x" * 10_000)

    assert results.query.truncated
    assert len(results.query.text) <= 200


def test_sql_looking_text_is_just_words(indexed, alice):
    indexed("Drop table etiquette", body="Say sorry when you drop a table.\n")

    assert titles(search(alice, "'; DROP TABLE--")) == ["Drop table etiquette"]
    assert Article.objects.count() == 1


# --- Typos ---------------------------------------------------------------------------------------


def test_a_title_with_a_small_typo_is_still_found_and_the_spelling_suggested(indexed, alice):
    kubernetes = indexed("Kubernetes deployment", body="Pods.\n")
    indexed("Lunch menu", body="Soup.\n")

    results = search(alice, "kubernetse")

    assert results.total == 0
    assert results.similar == [kubernetes]
    assert results.suggestion == "kubernetes"


def test_a_typo_in_one_word_of_several_is_corrected(indexed, alice):
    indexed("Kubernetes deployment", body="Pods.\n")

    results = search(alice, "kubernetes deploymnet")

    assert results.suggestion == "kubernetes deployment"


def test_no_suggestion_when_nothing_looks_alike(indexed, alice):
    indexed("Lunch menu", body="Soup.\n")

    results = search(alice, "zeppelin")

    assert (results.suggestion, results.similar) == ("", [])


# --- Search as you type --------------------------------------------------------------------------


def test_title_suggestions_match_words_and_the_start_of_the_last_one(indexed, alice):
    indexed("Deployment checklist", body="Steps.\n")
    indexed("How to deploy the app", body="Steps.\n")
    indexed("Holiday policy", body="Deploy yourself to a beach.\n")

    assert sorted(a.title for a in suggest_titles(alice, "deplo")) == [
        "Deployment checklist",
        "How to deploy the app",
    ]
    assert [a.title for a in suggest_titles(alice, "how to dep")] == ["How to deploy the app"]


def test_title_suggestions_need_two_characters(indexed, alice):
    indexed("Deployment checklist", body="Steps.\n")

    assert suggest_titles(alice, "d") == []
    assert suggest_titles(alice, "🚀") == []
    assert [a.title for a in suggest_titles(alice, "de")] == ["Deployment checklist"]


def test_title_suggestions_are_limited(indexed, alice):
    for number in range(12):
        indexed(f"Runbook {number}")

    assert len(suggest_titles(alice, "runb", limit=8)) == 8


# --- Access --------------------------------------------------------------------------------------


def test_restricted_articles_are_invisible_to_those_who_may_not_read_them(indexed, alice, bob):
    people = indexed("People team", body="Salary bands are reviewed yearly.\n")
    indexed("Payroll calendar", body="Salary is paid monthly.\n", parent=people)
    indexed("Salary sacrifice", body="A public explainer.\n")
    restrict_reading(people, users=[alice])

    mine, theirs = search(alice, "salary"), search(bob, "salary")

    assert (mine.total, theirs.total) == (3, 1)
    assert titles(theirs) == ["Salary sacrifice"]
    assert [a.title for a in suggest_titles(bob, "payr")] == []
    assert search(bob, "payrol").similar == []
    assert search(bob, "paroll").similar == []
    assert [a.title for a in suggest_titles(alice, "payr")] == ["Payroll calendar"]
