from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.mentions import link_mentions, mentioned_users
from tests.conftest import make_user


def test_it_finds_mentioned_active_users_in_text_order_in_one_query(alice, bob, carol):
    with CaptureQueriesContext(connection) as queries:
        found = mentioned_users("Thanks @carol and @alice, and @bob too. @alice again")
    assert found == [carol, alice, bob]
    assert len(queries) == 1


def test_it_ignores_unknown_and_deactivated_users(alice):
    make_user("gone", is_active=False)
    assert mentioned_users("@nobody @gone @alice") == [alice]


def test_it_costs_no_query_when_nobody_is_mentioned(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert mentioned_users("No mentions, just mail to a@b.com") == []


def test_email_addresses_are_not_mentions(alice, bob):
    assert mentioned_users("write to bob@alice.com or x@bob") == []


def test_mentions_inside_code_spans_and_blocks_do_not_count(alice, bob, carol):
    text = "Use `@alice` here\n\n```\n@bob\n```\n\n    @carol in indented code\n\nbut @carol."
    assert mentioned_users(text) == [carol]


def test_trailing_punctuation_is_not_part_of_the_name(alice, bob):
    assert mentioned_users("Ask @alice. Or @bob!") == [alice, bob]


def test_usernames_with_dots_and_dashes_are_matched_whole(db):
    dotted = make_user("jean.luc-picard")
    make_user("jean")
    assert mentioned_users("cc @jean.luc-picard") == [dotted]


def test_names_are_matched_case_insensitively(alice):
    assert mentioned_users("hi @Alice") == [alice]


def test_it_links_mentions_in_text_to_the_profile(alice):
    html = "<p>Hi @alice, see <code>@alice</code> and <a href='/x'>@alice</a></p>"
    linked = link_mentions(html, [alice])
    assert linked == (
        '<p>Hi <a class="mention" href="/people/alice/">@alice</a>, see <code>@alice</code> '
        "and <a href='/x'>@alice</a></p>"
    )


def test_it_leaves_preformatted_text_and_attributes_alone(alice):
    html = '<pre><code class="x">@alice</code></pre><p title="@alice">@alice.</p>'
    linked = link_mentions(html, [alice])
    assert linked == (
        '<pre><code class="x">@alice</code></pre>'
        '<p title="@alice"><a class="mention" href="/people/alice/">@alice</a>.</p>'
    )


def test_it_leaves_unknown_names_and_addresses_as_typed(alice):
    html = "<p>@nobody wrote to a@alice.com</p>"
    assert link_mentions(html, [alice]) == html


def test_linking_with_no_users_returns_the_html_unchanged():
    assert link_mentions("<p>@alice</p>", []) == "<p>@alice</p>"
