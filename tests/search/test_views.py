"""The search pages: results with filters and hints, suggestions, and the knowledge gaps."""

import pytest
from django.urls import reverse

from articles import services
from search.models import FailedSearch
from tests.search.test_search import BAD_INPUT


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def results_page(client, **params):
    response = client.get(reverse("search:results"), params)
    assert response.status_code == 200
    return response


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    for url in [reverse("search:results") + "?q=x", reverse("search:suggest") + "?q=xy"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_the_results_page_lists_highlighted_hits_with_path_and_editor(signed_in, indexed, section):
    indexed("Deploy checklist", body="Before you deploy, tell the channel.\n", parent=section)

    response = results_page(signed_in, q="deploy")

    html = response.content.decode()
    assert "1 result for" in html
    assert '<a href="/wiki/engineering/deploy-checklist/"><mark>Deploy</mark> checklist</a>' in html
    assert "<mark>deploy</mark>, tell the channel" in html
    assert '<a href="/wiki/engineering/">Engineering</a>' in html
    assert "by Alice A." in html


def test_a_page_of_results_costs_the_same_queries_for_2_or_25_hits(
    signed_in, indexed, section, django_assert_max_num_queries
):
    # Session user, ranked page (+ count on SQLite), articles and editors, their tags,
    # breadcrumbs, sidebar.
    for number in range(2):
        indexed(f"Runbook {number}", body="Restart the service.\n", parent=section)
    results_page(signed_in, q="restart")  # access verdicts are cached after the first page
    with django_assert_max_num_queries(7):
        results_page(signed_in, q="restart")
    for number in range(2, 25):
        indexed(f"Runbook {number}", body="Restart the service.\n", parent=section)

    with django_assert_max_num_queries(7):
        response = results_page(signed_in, q="restart")

    assert len(response.context["results"].hits) == 20


@pytest.mark.parametrize("q", BAD_INPUT)
def test_bad_input_gets_a_page_not_an_error(signed_in, indexed, q):
    indexed("Deploy guide", body="How to deploy.\n")

    results_page(signed_in, q=q)
    results_page(signed_in, q=q, page="2")


def test_weird_parameters_get_a_page_not_an_error(signed_in, indexed):
    indexed("Deploy guide", body="How to deploy.\n")

    for params in [
        {"q": "deploy", "page": "x"},
        {"q": "deploy", "page": "-5"},
        {"q": "deploy", "page": "99999999999999999999"},
        {"q": ["deploy", "guide"]},
        {"q": "deploy", "section": "/"},
        {"q": "deploy", "updated_after": "0001-01-01"},
        {"q": "deploy", "updated_before": "9999-12-31"},
        {"q": "deploy", "updated_after": "yesterday"},
        {"q": "\x00deploy"},
    ]:
        results_page(signed_in, **params)


@pytest.mark.parametrize(
    ("q", "hint"),
    [
        ("", "What are you looking for?"),
        ("the and of", "Those words are too common to search for"),
        ("🚀 -- OR", "There are no words to search for"),
        ("-deploy", "Add a word to look for"),
    ],
)
def test_queries_with_nothing_to_search_for_get_a_hint(signed_in, db, q, hint):
    response = results_page(signed_in, q=q)

    assert hint in response.content.decode()
    assert FailedSearch.objects.count() == 0


def test_a_very_long_query_is_cut_with_a_notice(signed_in, indexed):
    indexed("Deploy guide", body="How to deploy.\n")

    response = results_page(signed_in, q="deploy " + "x" * 10_000)

    assert "only its first 200 characters" in response.content.decode()


def test_filters_narrow_the_results(signed_in, indexed, section, bob):
    indexed("Backups how-to", body="Nightly backups.\n", parent=section)
    indexed("Backups for laptops", body="Use the backup app.\n", author=bob)

    in_section = results_page(signed_in, q="backups", section="engineering/")
    by_bob = results_page(signed_in, q="backups", author="bob")

    assert [h.article.title for h in in_section.context["results"].hits] == ["Backups how-to"]
    assert [h.article.title for h in by_bob.context["results"].hits] == ["Backups for laptops"]


def test_bad_filters_are_explained(signed_in, indexed):
    indexed("Backups how-to", body="Nightly backups.\n")

    response = results_page(
        signed_in,
        q="backups",
        section="nowhere/at-all",
        author="nobody",
        updated_after="2024-05-02",
        updated_before="2024-05-01",
    )

    html = response.content.decode()
    assert "There is no article at “/nowhere/at-all/”." in html
    assert "No one has the username “nobody”." in html
    assert "This date is before the “from” date." in html
    assert response.context["results"] is None


def test_a_section_link_without_a_query_invites_one(signed_in, section):
    response = results_page(signed_in, section=section.path)

    assert "to search “Engineering” and the articles under it" in response.content.decode()


def test_an_empty_result_suggests_a_spelling_and_similar_titles(signed_in, indexed):
    indexed("Kubernetes deployment", body="Pods.\n")

    response = results_page(signed_in, q="kubernetse")

    html = response.content.decode()
    assert "No articles match “kubernetse”" in html
    assert 'Did you mean <a href="?q=kubernetes">kubernetes</a>?' in html
    assert '<a href="/wiki/kubernetes-deployment/">Kubernetes deployment</a>' in html


def test_searches_that_find_nothing_are_counted_without_who_searched(signed_in, indexed, bob):
    indexed("Lunch menu", body="Soup.\n")

    results_page(signed_in, q="Parking  permits")
    results_page(signed_in, q="parking permits")
    results_page(signed_in, q="lunch")

    [gap] = FailedSearch.objects.all()
    assert (gap.query, gap.count) == ("parking permits", 2)
    assert not {f.name for f in FailedSearch._meta.get_fields()} & {"user", "who", "ip"}


def test_admins_see_the_knowledge_gaps_most_frequent_first(client, admin, signed_in, db):
    for query, times in [("parking", 1), ("vpn for linux", 3)]:
        for _ in range(times):
            results_page(signed_in, q=query)
    client.force_login(admin)

    response = client.get(reverse("admin:search_failedsearch_changelist"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("vpn linux") < html.index("parking")


# --- Suggestions ---------------------------------------------------------------------------------


def test_suggestions_are_options_with_title_and_path(signed_in, indexed, section):
    indexed("Deployment checklist", body="Steps.\n", parent=section)

    response = signed_in.get(reverse("search:suggest"), {"q": "deplo"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="option"' in html
    assert "Deployment checklist" in html
    assert "/engineering/deployment-checklist/" in html
    assert "Search for “deplo”" in html


def test_suggestions_leave_out_the_trash(signed_in, indexed, alice):
    gone = indexed("Deployment checklist", body="Steps.\n")
    services.trash_article(article=gone, author=alice)

    response = signed_in.get(reverse("search:suggest"), {"q": "deplo"})

    assert "Deployment checklist" not in response.content.decode()


def test_suggestions_for_nothing_much_are_empty(signed_in, indexed):
    indexed("Deployment checklist", body="Steps.\n")

    for q in ["", "d", "🚀", "x" * 10_000, '"', "-"]:
        response = signed_in.get(reverse("search:suggest"), {"q": q})
        assert response.status_code == 200
        assert "Deployment checklist" not in response.content.decode()
