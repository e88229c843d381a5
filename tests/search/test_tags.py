"""Tags in search: ``tag:`` filters in the query, the Tagged filter, tags in results, tag names
as words. One suite for both databases, like the rest of tests/search."""

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article, Tag
from search.language import Problem, parse
from search.models import FailedSearch
from search.query import search
from tests.conftest import restrict_reading


@pytest.fixture
def tagged(alice):
    """tagged("Title", "deploy, on-call", body=..., parent=None, author=alice)."""

    def make(title, tags, body="Some text.\n", parent=None, author=None):
        return services.create_article(
            title=title, body=body, parent=parent, author=author or alice, tags=Tag.parse_list(tags)
        )

    return make


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def titles(results):
    return [hit.article.title for hit in results.hits]


def results_page(client, **params):
    response = client.get(reverse("search:results"), params)
    assert response.status_code == 200
    return response


def touch(article, author):
    """An edit, so the article is the most recently edited."""
    current = Article.objects.get(pk=article.pk)
    services.edit_article(
        article=current,
        base_revision=current.revision_number,
        title=current.title,
        body=current.body + "More.\n",
        author=author,
    )


# --- The query language ---------------------------------------------------------------------------


def test_tag_filters_are_read_as_tag_slugs_not_words():
    query = parse('rollback Tag:Deploy tag:"On call" -tag:k8s')

    assert [term.text for term in query.terms] == ["rollback"]
    assert query.tags == ("deploy", "on-call")
    assert query.excluded_tags == ("k8s",)
    assert query.normalised == "rollback tag:deploy tag:on-call -tag:k8s"


def test_a_query_of_only_tag_filters_has_nothing_to_match_but_something_to_list():
    assert parse("tag:deploy").problem == Problem.ONLY_TAGS
    assert parse("-tag:deploy").problem == Problem.ONLY_TAGS


# --- Filtering by tag -----------------------------------------------------------------------------


def test_words_with_a_tag_find_only_tagged_articles_with_those_words(tagged, alice):
    tagged("Rollback runbook", "deploy", body="How to roll back a release.\n")
    tagged("Rollback of the database", "postgres", body="Restore a backup.\n")
    tagged("Deploy checklist", "deploy", body="Before you ship.\n")

    assert titles(search(alice, "rollback tag:deploy")) == ["Rollback runbook"]
    assert titles(search(alice, "tag:deploy rollback")) == ["Rollback runbook"]
    assert titles(search(alice, "rollback Tag:DEPLOY")) == ["Rollback runbook"]


def test_every_tag_asked_for_must_be_on_the_article(tagged, alice):
    tagged("Paging", "on-call, deploy")
    tagged("Escalation", "on-call")

    assert titles(search(alice, "tag:on-call tag:deploy")) == ["Paging"]
    assert titles(search(alice, 'tag:"on call" tag:Deploy')) == ["Paging"]


def test_a_tag_filter_alone_lists_the_tagged_articles_most_recently_edited_first(tagged, alice):
    first = tagged("First", "deploy")
    tagged("Second", "deploy")
    tagged("Third", "deploy")
    tagged("Untagged", "ops")
    touch(first, alice)

    results = search(alice, "tag:deploy")

    assert results.searched and results.listing
    assert titles(results) == ["First", "Third", "Second"]
    assert results.total == 3


def test_a_tag_listing_is_paginated_with_an_exact_count(tagged, alice):
    for number in range(25):
        tagged(f"Runbook {number:02}", "ops")

    first, second = search(alice, "tag:ops"), search(alice, "tag:ops", page=2)

    assert first.total == 25 and len(first.hits) == 20
    assert titles(second) == [f"Runbook {number:02}" for number in range(4, -1, -1)]


def test_minus_tag_leaves_out_articles_with_that_tag(tagged, alice):
    tagged("Deploy with Kubernetes", "deploy, k8s")
    tagged("Deploy by hand", "deploy")
    tagged("Deploy nothing", "")

    assert sorted(titles(search(alice, "deploy -tag:k8s"))) == ["Deploy by hand", "Deploy nothing"]
    assert titles(search(alice, "tag:deploy -tag:k8s")) == ["Deploy by hand"]
    assert sorted(titles(search(alice, "-tag:k8s"))) == ["Deploy by hand", "Deploy nothing"]


def test_minus_words_still_apply_to_a_tag_listing(tagged, alice):
    tagged("Deploy with Kubernetes", "deploy", body="Helm charts.\n")
    tagged("Deploy by hand", "deploy", body="Copy the files over.\n")

    assert titles(search(alice, "tag:deploy -kubernetes")) == ["Deploy by hand"]
    assert titles(search(alice, 'tag:deploy -"by hand"')) == ["Deploy with Kubernetes"]
    assert titles(search(alice, "tag:deploy -helm -copy")) == []


def test_an_unknown_tag_finds_nothing(tagged, alice):
    tagged("Deploying", "deploy")

    assert search(alice, "tag:nosuchtag").total == 0
    assert search(alice, "deploying tag:nosuchtag").total == 0
    assert search(alice, "", tag="nosuchtag").total == 0


def test_the_tag_argument_filters_like_a_tag_in_the_query(tagged, alice):
    tagged("Rollback runbook", "deploy", body="Roll back.\n")
    tagged("Rollback of the database", "postgres", body="Restore.\n")

    assert titles(search(alice, "rollback", tag="deploy")) == ["Rollback runbook"]
    assert titles(search(alice, "", tag="postgres")) == ["Rollback of the database"]


# --- Tags as words --------------------------------------------------------------------------------


def test_tag_names_are_searchable_words(tagged, alice):
    tagged("Cluster upgrades", "Kubernetes", body="Drain each node first.\n")
    tagged("Office plants", "facilities", body="Water weekly.\n")

    assert titles(search(alice, "kubernetes")) == ["Cluster upgrades"]
    assert titles(search(alice, "kube")) == ["Cluster upgrades"]


def test_a_tag_change_is_searchable_at_once(tagged, alice):
    article = tagged("Cluster upgrades", "k8s")
    services.edit_article(
        article=article,
        base_revision=1,
        title=article.title,
        body=article.body,
        author=alice,
        tags=Tag.parse_list("kubernetes"),
    )

    assert titles(search(alice, "kubernetes")) == ["Cluster upgrades"]
    assert titles(search(alice, "tag:kubernetes")) == ["Cluster upgrades"]
    assert search(alice, "k8s").total == 0 and search(alice, "tag:k8s").total == 0


def test_a_word_in_the_title_ranks_above_the_same_word_as_a_tag(tagged, alice):
    tagged("Notes", "deploy", body="Other things.\n")
    tagged("Deploy notes", "ops", body="Other things.\n")

    assert titles(search(alice, "deploy")) == ["Deploy notes", "Notes"]


# --- Who sees what --------------------------------------------------------------------------------


def test_restricted_and_trashed_articles_never_come_through_a_tag_filter(tagged, alice, bob):
    tagged("Deploying", "deploy", body="Ship it.\n")
    secret = tagged("Secret deploys", "deploy", body="Ship it quietly.\n")
    restrict_reading(secret, users=[alice])
    trashed = tagged("Old deploys", "deploy", body="Ship it slowly.\n")
    services.trash_article(article=trashed, author=alice)

    for q in ["tag:deploy", "ship tag:deploy", "-tag:nothing", "ship -tag:nothing"]:
        results = search(bob, q)
        assert titles(results) == ["Deploying"], q
        assert results.total == 1, q
    assert search(bob, "tag:deploy", page=2).total == 1
    assert sorted(titles(search(alice, "tag:deploy"))) == ["Deploying", "Secret deploys"]


def test_a_tag_only_restricted_articles_carry_finds_nothing_for_others(tagged, alice, bob):
    secret = tagged("Secret plans", "skunkworks")
    restrict_reading(secret, users=[alice])

    assert search(bob, "tag:skunkworks").total == 0
    assert search(bob, "skunkworks").total == 0
    assert titles(search(alice, "tag:skunkworks")) == ["Secret plans"]


# --- The results page -----------------------------------------------------------------------------


def test_hits_show_their_tags_as_links(signed_in, tagged):
    tagged("Deploy checklist", "Deploy, on-call", body="Before you deploy.\n")

    html = results_page(signed_in, q="checklist").content.decode()

    assert '<a class="tag" href="/tags/deploy/" rel="tag">Deploy</a>' in html
    assert '<a class="tag" href="/tags/on-call/" rel="tag">on-call</a>' in html


def test_the_tagged_filter_lists_the_tagged_articles(signed_in, tagged):
    tagged("Deploy checklist", "deploy")
    tagged("Office plants", "facilities")

    response = results_page(signed_in, tag="Deploy")

    assert [hit.article.title for hit in response.context["results"].hits] == ["Deploy checklist"]
    html = response.content.decode()
    assert "1 article tagged “deploy”, most recently edited first." in html
    assert 'name="tag" value="Deploy"' in html


def test_a_tag_query_says_what_it_lists(signed_in, tagged):
    tagged("Deploy checklist", "deploy")

    html = results_page(signed_in, q="tag:deploy").content.decode()

    assert "1 article tagged “deploy”, most recently edited first." in html


def test_an_unknown_tag_gets_a_clear_empty_page(signed_in, tagged):
    tagged("Deploy checklist", "deploy")

    for params in [{"q": "tag:nosuchtag"}, {"tag": "nosuchtag"}]:
        html = results_page(signed_in, **params).content.decode()
        assert "No articles you can read are tagged “nosuchtag”" in html, params
        assert 'href="/tags/"' in html, params
        assert "start an article" not in html, params


def test_an_unknown_tag_with_words_offers_to_search_without_it(signed_in, tagged):
    tagged("Deploy checklist", "deploy")

    html = results_page(signed_in, q="checklist tag:nosuchtag").content.decode()

    assert "No articles match “checklist tag:nosuchtag”" in html
    assert 'href="/search/?q=checklist"' in html


def test_a_tag_listing_page_costs_the_same_queries_for_2_or_25_articles(
    signed_in, tagged, section, django_assert_max_num_queries
):
    for number in range(2):
        tagged(f"Runbook {number}", "ops, deploy", parent=section)
    results_page(signed_in, q="tag:ops")
    with django_assert_max_num_queries(99) as few:
        results_page(signed_in, q="tag:ops")
    budget = len(few.captured_queries)
    for number in range(2, 25):
        tagged(f"Runbook {number}", "ops, deploy", parent=section)
    results_page(signed_in, q="tag:ops")  # the new articles changed the tree: re-cache it

    with django_assert_max_num_queries(budget):
        response = results_page(signed_in, q="tag:ops")

    assert len(response.context["results"].hits) == 20


def test_a_tag_listing_that_finds_nothing_is_not_a_knowledge_gap(signed_in, db):
    results_page(signed_in, q="tag:nosuchtag")
    results_page(signed_in, tag="nosuchtag")

    assert FailedSearch.objects.count() == 0


def test_a_tagged_filter_without_letters_or_digits_is_explained(signed_in, tagged):
    tagged("Deploy checklist", "deploy")

    response = results_page(signed_in, q="checklist", tag="!!!")

    assert "“!!!” can&#x27;t be a tag: tags have letters or digits." in response.content.decode()
    assert response.context["results"] is None


def test_a_half_typed_tag_filter_is_not_searched_as_a_word(tagged, alice):
    tagged("Deploy checklist", "deploy", body="Before you ship.\n")
    tagged("Tag conventions", "meta", body="How we tag.\n")

    assert titles(search(alice, "checklist tag:")) == ["Deploy checklist"]
    assert search(alice, "tag:").query.problem == Problem.NO_WORDS


BAD_TAG_INPUT = [
    'tag:"',
    'tag:""',
    "-tag:",
    "tag:🚀",
    "tag:'; DROP TABLE articles_tag--",
    "tag:%",
    "tag:_",
    "tag:*",
    'tag:"a" "b',
    "tag:" + "x" * 500,
    " ".join(f"tag:t{number}" for number in range(40)),
    "tag:deploy OR",
    "OR tag:deploy",
    "-tag:deploy -nothing",
    "tag:деплой",
    "tag:部署",
]


@pytest.mark.parametrize("q", BAD_TAG_INPUT)
def test_odd_tag_filters_never_raise(signed_in, tagged, alice, q):
    tagged("Deploy checklist", "deploy, деплой, 部署")

    search(alice, q)
    search(alice, q, page=2)
    results_page(signed_in, q=q)
    results_page(signed_in, q="checklist", tag=q[:50])


def test_tags_in_other_scripts_filter_too(tagged, alice):
    tagged("Выкладка", "деплой")
    tagged("部署指南", "部署")
    tagged("Hindi style guide", "हिन्दी")
    tagged("Other", "हद")

    assert titles(search(alice, "tag:Деплой")) == ["Выкладка"]
    assert titles(search(alice, "tag:部署")) == ["部署指南"]
    assert titles(search(alice, "tag:हिन्दी")) == ["Hindi style guide"]
    assert titles(search(alice, "", tag="हिन्दी")) == ["Hindi style guide"]
