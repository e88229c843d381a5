"""The home page: sections, what changed lately, and what the reader worked on."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import GuestGrant
from articles import services
from tests.conftest import make_user


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def home_of(client):
    response = client.get(reverse("articles:home"))
    assert response.status_code == 200
    return response


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("articles:home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_wiki_index_is_the_home_page(signed_in, section):
    response = signed_in.get(reverse("articles:index"))

    assert response.status_code == 200
    assert "articles/home.html" in [template.name for template in response.templates]


def test_a_new_wiki_invites_you_to_create_the_first_article(signed_in):
    response = home_of(signed_in)

    assert "Create the first article" in response.text
    assert f'href="{reverse("articles:new")}"' in response.text
    assert response.context["sidebar_html"] == ""


def test_it_lists_the_sections_with_their_number_of_sub_articles(signed_in, make_article):
    eng = make_article("Engineering")
    make_article("Backend", parent=eng)
    frontend = make_article("Frontend", parent=eng)
    make_article("Components", parent=frontend)  # a grandchild: not counted
    make_article("People")

    response = home_of(signed_in)

    sections = {s.title: s.child_count for s in response.context["sections"]}
    assert sections == {"Engineering": 2, "People": 0}
    assert "2 sub-articles" in response.text
    assert "No sub-articles yet" in response.text
    assert "Create the first article" not in response.text


def test_the_sidebar_shows_the_sections(signed_in, make_article):
    eng = make_article("Engineering")
    make_article("Backend", parent=eng)

    response = home_of(signed_in)

    sidebar = str(response.context["sidebar_html"])
    assert 'class="tree-link" href="/wiki/engineering/"' in sidebar
    assert "/wiki/engineering/backend/" not in sidebar  # sections only, closed


def test_it_lists_recent_changes_across_the_wiki_newest_first(signed_in, make_article, alice, bob):
    old = make_article("Old news")
    fresh = make_article("Fresh news", author=bob)
    services.edit_article(
        article=old,
        base_revision=1,
        title="Old news",
        body="Updated.\n",
        author=bob,
        summary="Rewrote <everything>",
    )

    response = home_of(signed_in)

    changes = [(c.article.title, c.number) for c in response.context["changes"]]
    assert changes == [("Old news", 2), ("Fresh news", 1), ("Old news", 1)]
    assert "Rewrote &lt;everything&gt;" in response.text
    diff = reverse("articles:diff", kwargs={"path": old.path})
    assert f'href="{diff}?from=1&amp;to=2"' in response.text
    assert fresh.get_absolute_url() in response.text


def test_it_shows_only_the_latest_fifteen_changes(signed_in, make_article):
    for number in range(20):
        make_article(f"Page {number}")

    response = home_of(signed_in)

    assert len(response.context["changes"]) == 15
    assert response.context["changes"][0].article.title == "Page 19"


def test_your_recent_work_lists_the_articles_you_created_or_edited_once_each(
    signed_in, make_article, alice, bob
):
    mine = make_article("Mine", author=alice)
    theirs = make_article("Theirs", author=bob)
    make_article("Only theirs", author=bob)
    services.edit_article(
        article=theirs, base_revision=1, title="Theirs", body="I helped.\n", author=alice
    )
    services.edit_article(
        article=mine, base_revision=1, title="Mine", body="Again.\n", author=alice
    )

    response = home_of(signed_in)

    assert [c.article.title for c in response.context["your_work"]] == ["Mine", "Theirs"]
    assert "Your recent work" in response.text


def test_your_recent_work_shows_the_latest_change_of_your_ten_latest_articles(
    signed_in, make_article, alice
):
    articles = [make_article(f"Page {number}", author=alice) for number in range(12)]
    services.edit_article(
        article=articles[0], base_revision=1, title="Page 0", body="Later.\n", author=alice
    )

    work = home_of(signed_in).context["your_work"]

    assert [(c.article.title, c.kind) for c in work] == [("Page 0", "edit")] + [
        (f"Page {number}", "create") for number in range(11, 2, -1)
    ]


def test_someone_who_wrote_nothing_has_no_recent_work_section(client, bob, section):
    client.force_login(bob)

    response = home_of(client)

    assert list(response.context["your_work"]) == []
    assert "Your recent work" not in response.text


def test_trashed_articles_vanish_from_the_home_page(signed_in, make_article, alice):
    keep = make_article("Keep")
    gone = make_article("Gone")
    make_article("Gone child", parent=gone)
    services.trash_article(article=gone, author=alice)

    response = home_of(signed_in)

    assert [s.title for s in response.context["sections"]] == ["Keep"]
    assert {c.article.title for c in response.context["changes"]} == {"Keep"}
    assert [c.article.title for c in response.context["your_work"]] == ["Keep"]
    assert "Gone" not in response.text
    assert keep.get_absolute_url() in response.text


def test_it_links_to_the_feed(signed_in, section):
    response = home_of(signed_in)

    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Recent changes" '
        f'href="{reverse("articles:recent_feed")}">'
    ) in response.text


def build_wiki(make_article, alice, bob, numbers):
    for number in numbers:
        top = make_article(f"Section {number}", author=bob if number % 2 else alice)
        child = make_article(f"Child {number}", parent=top, author=bob)
        services.edit_article(
            article=child, base_revision=1, title=f"Child {number}", body="More.\n", author=alice
        )


def test_it_takes_the_same_few_queries_for_a_big_wiki_as_for_a_small_one(
    client, make_article, alice, bob, django_assert_max_num_queries
):
    client.force_login(alice)
    build_wiki(make_article, alice, bob, range(3))
    home_of(client)  # works out Alice's access verdicts: once per user, then cached
    with CaptureQueriesContext(connection) as small:
        home_of(client)

    build_wiki(make_article, alice, bob, range(3, 33))  # more sections, changes, work
    home_of(client)
    with django_assert_max_num_queries(6), CaptureQueriesContext(connection) as big:
        response = home_of(client)

    assert len(response.context["sections"]) == 33
    assert len(big) == len(small)


def test_a_guest_sees_the_sections_granted_to_them_even_below_the_top_level(
    client, make_article, alice
):
    clients = make_article("Clients")
    acme = make_article("Acme", parent=clients)
    make_article("Kickoff notes", parent=acme)
    beta = make_article("Beta Corp", parent=clients)
    beta_plans = make_article("Plans", parent=beta)
    make_article("Engineering")
    guest = make_user("gus", is_guest=True)
    for article in (acme, beta, beta_plans):  # Plans lies inside Beta Corp: shown once, as Beta
        GuestGrant.objects.create(user=guest, article=article, granted_by=alice)
    client.force_login(guest)

    response = home_of(client)

    sections = response.context["sections"]
    assert [section.title for section in sections] == ["Acme", "Beta Corp"]
    assert [section.child_count for section in sections] == [1, 1]
    assert "Clients" not in response.text
    assert "Engineering" not in response.text
