"""Recent changes: site-wide or for one section, filtered, paginated, and as an Atom feed."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import services
from articles.models import ArticleRevision
from articles.views import listings

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def edit(article, body, author, summary=""):
    return services.edit_article(
        article=article,
        base_revision=article.revision_number,
        title=article.title,
        body=body,
        author=author,
        summary=summary,
    ).article


def changes_on(response):
    return [(c.article.title, c.kind, c.number) for c in response.context["changes"]]


def recent_of(client, path=None, **params):
    url = reverse("articles:recent_section", args=[path]) if path else reverse("articles:recent")
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def test_anonymous_visitors_are_sent_to_sign_in(client, section):
    for url in [
        reverse("articles:recent"),
        reverse("articles:recent_section", args=[section.path]),
        reverse("articles:recent_feed"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_it_lists_changes_newest_first_with_who_when_and_why(signed_in, make_article, bob):
    page = make_article("Deploying", body="Step one.\n")
    edit(page, "Step one.\nStep two.\n", bob, summary="Add step two")

    response = recent_of(signed_in)

    assert changes_on(response) == [("Deploying", "edit", 2), ("Deploying", "create", 1)]
    text = response.text
    assert "Add step two" in text
    assert "Bob Baker" in text
    assert "+10" in text  # the size delta
    assert "Edited" in text and "Created" in text


def test_each_change_links_to_its_diff_or_first_revision(signed_in, make_article, bob):
    page = make_article("Deploying")
    edit(page, "Changed.\n", bob)

    text = recent_of(signed_in).text

    diff = reverse("articles:diff", args=[page.path])
    assert f'href="{diff}?from=1&amp;to=2"' in text
    assert f'href="{reverse("articles:revision", args=[page.path, 1])}"' in text
    assert f'href="{page.get_absolute_url()}"' in text


def test_a_sections_recent_changes_cover_its_whole_subtree_only(signed_in, make_article):
    eng = make_article("Engineering")
    backend = make_article("Backend", parent=eng)
    make_article("Deploy", parent=backend)
    make_article("People")
    make_article("Elsewhere", parent=make_article("Other"))

    response = recent_of(signed_in, "engineering/backend")

    assert changes_on(response) == [("Deploy", "create", 1), ("Backend", "create", 1)]
    assert response.context["section"] == backend
    assert [node.title for node in response.context["tree"]][:3] == [
        "Engineering",
        "Backend",
        "Deploy",
    ]


def test_an_unknown_section_is_a_404(signed_in, db):
    response = signed_in.get(reverse("articles:recent_section", args=["no/such/place"]))

    assert response.status_code == 404


def test_edits_only_leaves_out_moves_deletions_and_restores(signed_in, make_article, alice, bob):
    moved = make_article("Moved")
    target = make_article("Target")
    services.move_article(article=moved, target=target, position="last-child", author=alice)
    trashed = make_article("Trashed", parent=target)
    services.trash_article(article=trashed, author=alice)
    services.restore_article(article=trashed, author=alice)
    edit(target, "New text.\n", bob)

    everything = recent_of(signed_in, kind="all")
    edits = recent_of(signed_in, kind="edits")

    assert {kind for _, kind, _ in changes_on(everything)} == {
        "create",
        "move",
        "delete",
        "restore",
        "edit",
    }
    assert {kind for _, kind, _ in changes_on(edits)} == {"create", "edit"}


def test_it_filters_by_author(signed_in, make_article, alice, bob):
    page = make_article("Shared", author=alice)
    edit(page, "Bob was here.\n", bob)

    response = recent_of(signed_in, author="bob")

    assert changes_on(response) == [("Shared", "edit", 2)]
    assert response.context["filters"]["author"].value() == "bob"


def test_an_unknown_author_is_explained_and_the_other_filters_still_apply(
    signed_in, section, alice
):
    services.trash_article(article=section, author=alice)
    services.restore_article(article=section, author=alice)

    response = recent_of(signed_in, author="nobody", kind="edits")

    assert "No one has the username “nobody”." in response.text
    assert list(response.context["filters"].errors) == ["author"]
    assert changes_on(response) == [("Engineering", "create", 1)]


def test_a_nonsense_kind_is_a_form_error_not_a_crash(signed_in, section):
    response = recent_of(signed_in, kind="everything-ever")

    assert response.context["filters"].errors["kind"]
    assert changes_on(response) == [("Engineering", "create", 1)]


def test_nothing_matching_says_so(signed_in, section, bob):
    response = recent_of(signed_in, author="bob")

    assert "No changes match." in response.text


def test_changes_to_trashed_articles_vanish(signed_in, make_article, alice):
    make_article("Keep")
    gone = make_article("Gone")
    make_article("Gone child", parent=gone)
    services.trash_article(article=gone, author=alice)

    response = recent_of(signed_in)

    assert changes_on(response) == [("Keep", "create", 1)]


def test_it_is_paginated_and_keeps_the_filters(signed_in, make_article, settings):
    for number in range(55):
        make_article(f"Page {number}")

    first = recent_of(signed_in, kind="edits")
    second = recent_of(signed_in, kind="edits", page=2)
    beyond = recent_of(signed_in, kind="edits", page=99)
    garbage = recent_of(signed_in, kind="edits", page="x")

    assert len(first.context["changes"]) == 50
    assert [title for title, _, _ in changes_on(second)][0] == "Page 4"
    assert len(second.context["changes"]) == 5
    assert beyond.context["page_obj"].number == 2
    assert garbage.context["page_obj"].number == 1
    assert "kind=edits&amp;page=2" in first.text


def test_it_goes_back_a_bounded_number_of_changes(signed_in, make_article, monkeypatch):
    monkeypatch.setattr(listings, "MAX_CHANGES_LISTED", 3)
    monkeypatch.setattr(listings, "CHANGES_PER_PAGE", 2)
    for number in range(5):
        make_article(f"Page {number}")

    first = recent_of(signed_in)
    last = recent_of(signed_in, page=2)

    assert first.context["page_obj"].paginator.count == 3
    assert [title for title, _, _ in changes_on(last)] == ["Page 2"]
    assert "older changes are in each article's history" in last.text
    assert "older changes are in each article's history" not in first.text


def test_the_page_links_its_atom_feed(signed_in, make_article):
    make_article("Engineering")

    site_wide = recent_of(signed_in).text
    in_section = recent_of(signed_in, "engineering").text

    feed = reverse("articles:recent_feed")
    assert f'type="application/atom+xml" title="Recent changes" href="{feed}">' in site_wide
    assert f'href="{feed}?section=engineering">' in in_section


def test_it_takes_the_same_few_queries_for_many_changes_as_for_few(
    signed_in, make_article, alice, bob, django_assert_max_num_queries
):
    def build(numbers):
        for number in numbers:
            page = make_article(f"Page {number}", author=bob if number % 2 else alice)
            edit(page, "More.\n", bob if number % 3 else alice, summary=f"Edit {number}")

    build(range(2))
    recent_of(signed_in)  # works out Alice's access verdicts: once per user, then cached
    with CaptureQueriesContext(connection) as few:
        recent_of(signed_in)
    build(range(2, 30))
    recent_of(signed_in)
    with django_assert_max_num_queries(4), CaptureQueriesContext(connection) as many:
        response = recent_of(signed_in)

    assert len(response.context["changes"]) == 50
    assert len(many) == len(few)


def test_a_sections_page_takes_a_fixed_number_of_queries(
    signed_in, make_article, django_assert_max_num_queries
):
    parent = make_article("Engineering")
    for number in range(25):
        make_article(f"Page {number}", parent=parent)
    recent_of(signed_in)  # works out Alice's access verdicts: once per user, then cached

    with django_assert_max_num_queries(6):
        response = recent_of(signed_in, "engineering")

    assert len(response.context["changes"]) == 26


# --- The Atom feed ----------------------------------------------------------------------------


def feed_of(client, **params):
    response = client.get(reverse("articles:recent_feed"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def test_the_feed_is_atom_with_one_entry_per_change(signed_in, make_article, bob):
    page = make_article("Deploying")
    edit(page, "New.\n", bob, summary="Fix <b>typo</b> & more")

    feed = feed_of(signed_in)

    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "Recent changes"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Deploying — Edited by Bob Baker",
        "Deploying — Created by Alice A.",
    ]
    newest = entries[0]
    diff = reverse("articles:diff", args=[page.path])
    assert newest.find(f"{ATOM}link").get("href") == f"http://testserver{diff}?from=1&to=2"
    assert newest.findtext(f"{ATOM}author/{ATOM}name") == "Bob Baker"
    # The summary is HTML in Atom: the edit summary is text, escaped once more.
    assert newest.findtext(f"{ATOM}summary") == "Fix &lt;b&gt;typo&lt;/b&gt; &amp; more"


def test_the_feed_holds_the_latest_fifty_changes(signed_in, make_article):
    for number in range(55):
        make_article(f"Page {number}")

    entries = feed_of(signed_in).findall(f"{ATOM}entry")

    assert len(entries) == 50
    assert entries[0].findtext(f"{ATOM}title") == "Page 54 — Created by Alice A."


def test_the_feed_can_follow_one_section(signed_in, make_article):
    eng = make_article("Engineering")
    make_article("Backend", parent=eng)
    make_article("People")

    feed = feed_of(signed_in, section="engineering")

    assert feed.findtext(f"{ATOM}title") == "Recent changes in Engineering"
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == [
        "Backend — Created by Alice A.",
        "Engineering — Created by Alice A.",
    ]


def test_the_feed_of_an_unknown_section_is_a_404(signed_in, db):
    response = signed_in.get(reverse("articles:recent_feed"), {"section": "nowhere"})

    assert response.status_code == 404


def test_the_feed_leaves_out_trashed_articles(signed_in, make_article, alice):
    make_article("Keep")
    services.trash_article(article=make_article("Gone"), author=alice)

    entries = feed_of(signed_in).findall(f"{ATOM}entry")

    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Keep — Created by Alice A."]


def test_the_feed_takes_a_fixed_number_of_queries(
    signed_in, make_article, django_assert_max_num_queries
):
    for number in range(30):
        make_article(f"Page {number}")
    feed_of(signed_in)  # works out Alice's access verdicts: once per user, then cached

    with django_assert_max_num_queries(3):
        feed_of(signed_in)

    assert ArticleRevision.objects.count() == 30


def test_the_cached_table_says_how_long_ago_as_the_minutes_pass(signed_in, make_article):
    """The table is cached per minute: its "N minutes ago" moves on with the clock."""
    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.now(), tick=False) as clock:
        make_article("Runbook")
        clock.shift(3 * 60)
        assert "3\xa0minutes ago" in signed_in.get(reverse("articles:recent")).text
        clock.shift(2 * 60)
        assert "5\xa0minutes ago" in signed_in.get(reverse("articles:recent")).text


def test_the_cached_table_is_the_templates_own_rendering(signed_in, make_article, alice):
    from django.template.loader import render_to_string

    make_article("Runbook")
    edit(make_article("Pager"), "Louder.\n", alice, summary="volume")
    response = recent_of(signed_in)
    expected = render_to_string(
        "articles/includes/change_list.html",
        {"changes": response.context["changes"], "caption": "Recent changes", "overdue_ids": set()},
    )

    assert expected in response.text
