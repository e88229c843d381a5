"""The cached parts of an article page (articles/fragments.py): shared by readers with the
same access, never stale after a change, never shown to someone who may see less."""

import pytest

from articles import fragments, services, tree
from tests.conftest import restrict_reading


@pytest.fixture
def signed_in(client, bob):
    client.force_login(bob)
    return client


def page_of(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_an_edit_shows_at_once_to_its_editor(signed_in, section, bob):
    assert "How we build things." in page_of(signed_in, section)
    services.edit_article(
        article=section, base_revision=1, title=section.title, body="Rebuilt.", author=bob
    )
    page = page_of(signed_in, section)
    assert "Rebuilt." in page and "How we build things." not in page


def test_a_new_link_shows_in_the_targets_backlinks_at_once(signed_in, section, make_article, bob):
    index = make_article("Index", body="Nothing yet.")
    assert ">Index</a></li>" not in page_of(signed_in, section)

    services.edit_article(
        article=index, base_revision=1, title="Index", body="See [[Engineering]].", author=bob
    )
    assert ">Index</a></li>" in page_of(signed_in, section)

    services.edit_article(article=index, base_revision=2, title="Index", body="Gone.", author=bob)
    assert ">Index</a></li>" not in page_of(signed_in, section)


def test_a_retitled_or_trashed_sub_article_shows_at_once(signed_in, section, make_article, bob):
    setup = make_article("Setup", parent=section)
    assert ">Setup</a>" in page_of(signed_in, section)

    services.edit_article(
        article=setup, base_revision=1, title="Laptop setup", body=setup.body, author=bob
    )
    page = page_of(signed_in, section)
    assert ">Laptop setup</a>" in page and ">Setup</a>" not in page

    services.trash_article(article=setup, author=bob)
    assert "Laptop setup" not in page_of(signed_in, section)


def test_someone_who_may_see_less_never_gets_a_cached_page_of_someone_who_may_see_more(
    client, section, make_article, alice, bob
):
    secret = make_article("Secret plans", parent=section)
    restrict_reading(secret, users=[alice])
    client.force_login(alice)
    assert "Secret plans" in page_of(client, section)

    client.force_login(bob)
    page = page_of(client, section)
    assert "Secret plans" not in page and "Engineering" in page


def test_readers_with_the_same_access_share_the_cached_parts(
    client, section, make_article, alice, bob, monkeypatch
):
    make_article("Setup", parent=section)
    client.force_login(alice)
    page_of(client, section)

    def render_again(*args):
        raise AssertionError("rendered again instead of taken from the cache")

    monkeypatch.setattr(fragments, "_render", render_again)
    client.force_login(bob)
    page = page_of(client, section)
    assert ">Setup</a>" in page and "How we build things." in page


def test_a_long_list_of_sub_articles_ends_with_how_many_more(
    signed_in, section, make_article, monkeypatch
):
    monkeypatch.setattr(tree, "MAX_CHILDREN_SHOWN", 2)
    for number in range(5):
        make_article(f"Child {number}", parent=section)
    page = page_of(signed_in, section)
    footer = page[page.index('id="children-title"') :]
    assert ">Child 0</a>" in footer and ">Child 1</a>" in footer
    assert ">Child 2</a>" not in footer
    assert "and 3 more" in footer


def test_the_restriction_badge_says_who_may_read(client, section, make_article, alice):
    secret = make_article("Secret plans", parent=section)
    restrict_reading(secret, users=[alice])
    client.force_login(alice)
    assert "Restricted: readable by Alice A." in page_of(client, secret)
    assert "Restricted: readable by Alice A." in page_of(client, secret)  # from the cache


def test_articles_without_sub_articles_share_their_parents_tree_with_their_own_mark(
    signed_in, section, make_article, monkeypatch
):
    first = make_article("First", parent=section)
    second = make_article("Second", parent=section)
    page_of(signed_in, first)

    def build_again(*args):
        raise AssertionError("built the tree again instead of taking the sibling's")

    monkeypatch.setattr(fragments, "sidebar_tree", build_again)
    page = page_of(signed_in, second)
    assert f'href="{second.get_absolute_url()}" aria-current="page">Second</a>' in page
    assert f'href="{first.get_absolute_url()}">First</a>' in page
    sidebar = page[page.index("data-tree") : page.index("</nav>", page.index("data-tree"))]
    assert sidebar.count('aria-current="page"') == 1


def test_a_sibling_beyond_the_shown_ones_still_finds_itself_in_its_tree(
    signed_in, section, make_article, monkeypatch
):
    monkeypatch.setattr(tree, "MAX_CHILDREN_SHOWN", 2)
    children = [make_article(f"Child {number}", parent=section) for number in range(4)]
    page_of(signed_in, children[0])  # caches the section's tree: Child 0, Child 1, "2 more…"
    page = page_of(signed_in, children[3])
    assert f'href="{children[3].get_absolute_url()}" aria-current="page">Child 3</a>' in page


def test_an_article_with_sub_articles_keeps_them_open_in_the_tree_it_shares_with_them(
    signed_in, section, make_article
):
    guides = make_article("Guides", parent=section)
    setup = make_article("Setup", parent=guides)
    page = page_of(signed_in, guides)
    assert f'href="{guides.get_absolute_url()}" aria-current="page">Guides</a>' in page
    assert 'id="children-title"' in page and ">Setup</a>" in page
    page = page_of(signed_in, setup)  # the same tree, from the cache, marked for Setup
    assert f'href="{setup.get_absolute_url()}" aria-current="page">Setup</a>' in page
    assert f'href="{guides.get_absolute_url()}">Guides</a>' in page
    assert 'id="children-title"' not in page


@pytest.mark.parametrize("path", ["engineering", "über-uns/straße_2", "a/b-c/ünïcödé/d"])
def test_action_addresses_are_what_reverse_gives(path, db):
    from urllib.parse import quote

    from django.urls import reverse

    urls = fragments.action_urls(path)
    for action in fragments.ACTIONS:
        assert urls[action] == reverse(f"articles:{action}", kwargs={"path": path})
    for action in fragments.REVIEW_ACTIONS:
        assert urls[f"review_{action}"] == reverse(f"review:{action}", kwargs={"path": path})
    assert urls["search_section"] == f"{reverse('search:results')}?section={quote(path)}"
