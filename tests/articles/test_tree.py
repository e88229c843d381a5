"""The sidebar tree: sections, the path to the current article with its siblings, and its
children, in one query; closed nodes expand on demand."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import services, tree
from articles.prepared import forget_all
from articles.tree import child_nodes, sidebar_tree
from tests.conftest import restrict_reading


def titles(nodes):
    return [node.title for node in nodes]


def chain(make_article, length, name="Level"):
    """``length`` articles, each under the one before; returns the deepest."""
    parent = None
    for depth in range(length):
        parent = make_article(f"{name} {depth}", parent=parent)
    return parent


class ListNesting(HTMLParser):
    """Checks <ul>/<li> open and close in order, and records the deepest nesting."""

    def __init__(self):
        super().__init__()
        self.stack, self.deepest = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"ul", "li"}:
            self.stack.append(tag)
            self.deepest = max(self.deepest, self.stack.count("ul"))

    def handle_endtag(self, tag):
        if tag in {"ul", "li"}:
            assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"


def nesting_of(html):
    parser = ListNesting()
    parser.feed(html)
    assert parser.stack == [], "lists left open"
    return parser.deepest


@pytest.fixture
def wiki(make_article):
    """Two sections; Engineering > Backend > Deploy (> Rollback), with siblings at each level."""
    eng = make_article("Engineering")
    backend = make_article("Backend", parent=eng)
    frontend = make_article("Frontend", parent=eng)
    deploy = make_article("Deploy", parent=backend)
    make_article("Databases", parent=backend)
    rollback = make_article("Rollback", parent=deploy)
    components = make_article("Components", parent=frontend)
    make_article("Buttons", parent=components)
    hr = make_article("People")
    make_article("Holidays", parent=hr)
    return {"eng": eng, "backend": backend, "deploy": deploy, "rollback": rollback, "hr": hr}


def test_it_shows_the_sections_the_path_its_siblings_and_the_current_articles_children(wiki, alice):
    nodes = sidebar_tree(alice, wiki["deploy"])

    assert titles(nodes) == [
        "Engineering",
        "Backend",
        "Deploy",
        "Rollback",
        "Databases",
        "Frontend",
        "People",
    ]


def test_it_leaves_out_unrelated_deep_articles(wiki, alice):
    shown = titles(sidebar_tree(alice, wiki["deploy"]))

    assert "Components" not in shown
    assert "Buttons" not in shown
    assert "Holidays" not in shown


def test_it_marks_the_current_article_and_opens_only_the_path(wiki, alice):
    nodes = {node.title: node for node in sidebar_tree(alice, wiki["deploy"])}

    assert [title for title, node in nodes.items() if node.is_current] == ["Deploy"]
    assert {title for title, node in nodes.items() if node.is_open} == {
        "Engineering",
        "Backend",
        "Deploy",
    }
    assert nodes["Frontend"].has_children and not nodes["Frontend"].is_open
    assert nodes["People"].has_children and not nodes["People"].is_open
    assert not nodes["Rollback"].has_children


def test_nodes_know_their_depth_and_address(wiki, alice):
    nodes = {node.title: node for node in sidebar_tree(alice, wiki["deploy"])}

    assert nodes["Engineering"].depth == 0
    assert nodes["Rollback"].depth == 3
    assert nodes["Rollback"].url == "/wiki/engineering/backend/deploy/rollback/"


def test_without_an_article_it_shows_the_sections_closed(wiki, alice):
    nodes = sidebar_tree(alice)

    assert titles(nodes) == ["Engineering", "People"]
    assert not any(node.is_open or node.is_current for node in nodes)
    assert all(node.has_children for node in nodes)


def test_an_empty_wiki_has_an_empty_tree(alice):
    assert sidebar_tree(alice) == []


def test_trashed_articles_vanish_from_the_tree(wiki, alice):
    services.trash_article(article=wiki["hr"], author=alice)
    services.trash_article(article=wiki["rollback"], author=alice)

    nodes = {node.title: node for node in sidebar_tree(alice, wiki["deploy"])}

    assert "People" not in nodes
    assert "Rollback" not in nodes
    # Its only child is in the trash: nothing to expand.
    assert not nodes["Deploy"].has_children


def test_it_takes_two_queries_whatever_the_depth(make_article, alice):
    shallow = chain(make_article, 2, name="Shallow")
    deep = chain(make_article, 12, name="Deep")
    sidebar_tree(alice)  # works out Alice's access verdicts: once per user, then cached

    with CaptureQueriesContext(connection) as shallow_queries:
        assert len(sidebar_tree(alice, shallow)) == 2 + 1  # the path plus the other section
    with CaptureQueriesContext(connection) as deep_queries:
        assert len(sidebar_tree(alice, deep)) == 12 + 1

    assert len(shallow_queries) == len(deep_queries) == 2


def test_it_takes_one_query_when_the_page_has_the_ancestors_already(make_article, alice):
    deep = chain(make_article, 12)
    ancestors = list(deep.get_ancestors())
    sidebar_tree(alice)  # works out Alice's access verdicts: once per user, then cached

    with CaptureQueriesContext(connection) as queries:
        nodes = sidebar_tree(alice, deep, ancestors)

    assert len(queries) == 1
    assert nodes == sidebar_tree(alice, deep)


def test_it_takes_two_queries_whatever_the_number_of_children(make_article, alice):
    few, many = make_article("Few"), make_article("Many")
    for number in range(5):
        make_article(f"Few {number}", parent=few)
    for number in range(60):
        make_article(f"Many {number}", parent=many)
    sidebar_tree(alice)  # works out Alice's access verdicts: once per user, then cached

    with CaptureQueriesContext(connection) as few_queries:
        sidebar_tree(alice, few)
    with CaptureQueriesContext(connection) as many_queries:
        assert len(sidebar_tree(alice, many)) == 2 + 60

    assert len(few_queries) == len(many_queries) == 2


def test_a_page_about_no_article_takes_one_query(make_article, alice):
    for number in range(30):
        make_article(f"Child {number}", parent=make_article(f"Section {number}"))
    sidebar_tree(alice)  # works out Alice's access verdicts: once per user, then cached

    with CaptureQueriesContext(connection) as queries:
        assert len(sidebar_tree(alice)) == 30

    assert len(queries) == 1


def test_a_long_list_of_siblings_ends_with_a_link_to_the_rest(make_article, alice, monkeypatch):
    monkeypatch.setattr(tree, "MAX_CHILDREN_SHOWN", 3)
    big = make_article("Big")
    children = [make_article(f"Page {number}", parent=big) for number in range(7)]

    nodes = sidebar_tree(alice, big)

    assert titles(nodes) == ["Big", "Page 0", "Page 1", "Page 2", "4 more…"]
    more = nodes[-1]
    assert more.is_more and more.url == big.get_absolute_url() and more.depth == 1

    # The current article stays on its path even beyond the cut.
    assert "Page 5" in titles(sidebar_tree(alice, children[5]))


def test_a_long_list_of_sections_links_to_the_home_page(make_article, alice, monkeypatch):
    monkeypatch.setattr(tree, "MAX_CHILDREN_SHOWN", 2)
    for number in range(4):
        make_article(f"Section {number}")

    nodes = sidebar_tree(alice)

    assert titles(nodes) == ["Section 0", "Section 1", "2 more…"]
    assert nodes[-1].url == reverse("articles:home") + "#sections"


def test_it_renders_as_nested_lists_without_recursion(wiki, alice):
    html = render_to_string(
        "articles/includes/tree.html", {"tree": sidebar_tree(alice, wiki["deploy"])}
    )

    assert nesting_of(html) == 4  # sections > Engineering > Backend > Deploy's children
    assert html.count('aria-current="page"') == 1
    assert (
        '<a class="tree-link" href="/wiki/engineering/backend/deploy/" aria-current="page">' in html
    )


def test_a_twenty_deep_chain_renders(make_article, alice):
    deepest = chain(make_article, 20)

    html = render_to_string("articles/includes/tree.html", {"tree": sidebar_tree(alice, deepest)})

    assert nesting_of(html) == 20
    assert "Level 19" in html


def test_a_closed_node_has_a_button_to_expand_it(wiki, alice):
    html = render_to_string("articles/includes/tree.html", {"tree": sidebar_tree(alice)})
    people = wiki["hr"]

    assert (
        f'<button type="button" class="tree-toggle" aria-expanded="false" '
        f'aria-controls="tree-group-{people.pk}" '
        f'data-url="{reverse("articles:tree_children", args=[people.pk])}">'
    ) in html
    assert f'<ul class="tree-list" id="tree-group-{people.pk}" hidden></ul>' in html


def test_titles_are_escaped(make_article, alice):
    make_article("<script>alert(1)</script>", slug="xss")

    html = render_to_string("articles/includes/tree.html", {"tree": sidebar_tree(alice)})

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- Expanding a node on demand ---------------------------------------------------------------


def test_child_nodes_lists_a_nodes_live_children_closed(wiki, alice):
    nodes = child_nodes(alice, wiki["eng"])

    assert titles(nodes) == ["Backend", "Frontend"]
    assert all(node.depth == 1 and not node.is_open for node in nodes)
    assert all(node.has_children for node in nodes)


def test_expanding_a_node_returns_its_children_as_a_fragment(client, alice, wiki):
    client.force_login(alice)

    response = client.get(reverse("articles:tree_children", args=[wiki["eng"].pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert nesting_of(html) == 1  # each closed child carries its own empty, hidden group
    assert 'href="/wiki/engineering/backend/"' in html
    assert 'href="/wiki/engineering/frontend/"' in html
    assert "Deploy" not in html


def test_expanding_takes_a_fixed_number_of_queries(
    client, alice, make_article, django_assert_max_num_queries
):
    parent = make_article("Parent")
    for number in range(25):
        child = make_article(f"Child {number}", parent=parent)
        make_article(f"Grandchild {number}", parent=child)
    client.force_login(alice)
    client.get(reverse("articles:home"))  # works out Alice's access verdicts, then cached

    with django_assert_max_num_queries(4):
        response = client.get(reverse("articles:tree_children", args=[parent.pk]))

    assert response.content.decode().count("tree-toggle") == 25


def test_a_long_expansion_ends_with_a_link_to_the_parent(client, alice, make_article, monkeypatch):
    monkeypatch.setattr(tree, "MAX_CHILDREN_SHOWN", 2)
    parent = make_article("Parent")
    for number in range(5):
        make_article(f"Child {number}", parent=parent)
    client.force_login(alice)

    response = client.get(reverse("articles:tree_children", args=[parent.pk]))

    assert f'<a class="tree-link" href="{parent.get_absolute_url()}">3 more…</a>' in (
        response.content.decode()
    )


def test_expanding_an_article_in_the_trash_is_a_404(client, alice, wiki):
    services.trash_article(article=wiki["hr"], author=alice)
    client.force_login(alice)

    response = client.get(reverse("articles:tree_children", args=[wiki["hr"].pk]))

    assert response.status_code == 404


def test_expanding_an_unknown_article_is_a_404(client, alice, db):
    client.force_login(alice)

    assert client.get(reverse("articles:tree_children", args=[999_999])).status_code == 404


def test_anonymous_visitors_cant_expand_nodes(client, wiki):
    response = client.get(reverse("articles:tree_children", args=[wiki["eng"].pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_still_nests_correctly_if_access_rules_hide_an_ancestor(
    make_article, alice, monkeypatch, request
):
    eng = make_article("Engineering")
    backend = make_article("Backend", parent=eng)
    deploy = make_article("Deploy", parent=backend)
    make_article("Rollback", parent=deploy)
    from articles.models import ArticleQuerySet

    def without_engineering(queryset, user):
        return queryset.live().exclude(pk=eng.pk)

    monkeypatch.setattr(ArticleQuerySet, "visible_to", without_engineering)
    # The tree's query is compiled once per access fingerprint (articles/prepared.py), which
    # knows nothing of this swap: compile it afresh now, and again for the tests after this.
    forget_all()
    request.addfinalizer(forget_all)

    nodes = sidebar_tree(alice, deploy)

    assert [(node.title, node.depth) for node in nodes] == [("Deploy", 0), ("Rollback", 1)]
    html = render_to_string("articles/includes/tree.html", {"tree": nodes})
    assert nesting_of(html) == 2


def test_the_cached_sidebar_follows_renames_moves_and_restrictions(
    client, alice, bob, make_article
):
    from django.contrib.auth.models import Group

    from articles import services

    section = make_article("Engineering")
    page = make_article("Setup", parent=section)
    client.force_login(bob)
    assert "Setup" in client.get(page.get_absolute_url()).content.decode()

    services.edit_article(
        article=page, base_revision=1, title="Laptop setup", body=page.body, author=alice
    )
    html = client.get(page.get_absolute_url()).content.decode()
    assert ">Laptop setup<" in html

    secret = make_article("Secret plans")
    assert "Secret plans" in client.get(page.get_absolute_url()).content.decode()
    restrict_reading(secret, groups=[Group.objects.create(name="Board")])
    assert "Secret plans" not in client.get(page.get_absolute_url()).content.decode()
