"""The query language: what people type becomes terms of letters and digits, never syntax."""

import pytest

from search.language import MAX_QUERY_CHARS, MAX_TERMS, Problem, parse


def shape(q):
    query = parse(q)
    groups = [
        [(term.text, term.is_phrase, term.prefix) for term in group] for group in query.groups
    ]
    return groups, [term.text for term in query.excluded]


def test_words_all_must_match_and_the_last_is_also_a_prefix():
    assert shape("Deploy Staging") == (
        [[("deploy", False, False)], [("staging", False, True)]],
        [],
    )


def test_quotes_make_a_phrase_and_a_minus_excludes():
    assert shape('"blue green" deploy -kubernetes -"by hand"') == (
        [[("blue green", True, False)], [("deploy", False, False)]],
        ["kubernetes", "by hand"],
    )


def test_or_joins_its_neighbours():
    assert shape("vpn OR wifi OR lan setup") == (
        [[("vpn", False, False), ("wifi", False, False), ("lan", False, False)],
         [("setup", False, True)]],
        [],
    )  # fmt: skip


def test_a_lower_case_or_is_an_ignored_common_word_and_a_dangling_or_nothing():
    assert shape("OR cats or dogs OR") == (
        [[("cats", False, False)], [("dogs", False, False)]],
        [],
    )


def test_an_unbalanced_quote_is_ignored():
    assert shape('"blue green') == ([[("blue", False, False)], [("green", False, True)]], [])


def test_punctuation_splits_words_and_joined_words_stay_a_phrase():
    assert shape("e-mail example.com '; DROP--") == (
        [
            [("e-mail", True, False)],
            [("example.com", True, False)],
            [("drop", False, True)],
        ],
        [],
    )


def test_short_last_words_are_not_prefixes():
    assert shape("go to db") == ([[("go", False, False)], [("db", False, False)]], [])


def test_any_script_is_words():
    assert shape("Привет 知识库") == (
        [[("привет", False, False)], [("知识库", False, True)]],
        [],
    )


@pytest.mark.parametrize(
    ("q", "problem"),
    [
        ("", Problem.EMPTY),
        ("   ", Problem.EMPTY),
        ("🚀 -- && ||", Problem.NO_WORDS),
        ('"" OR', Problem.NO_WORDS),
        ("the and of", Problem.ONLY_STOP_WORDS),
        ('"to be or not to be"', Problem.ONLY_STOP_WORDS),
        ("-kubernetes", Problem.ONLY_EXCLUSIONS),
    ],
)
def test_queries_with_nothing_to_search_for_say_why(q, problem):
    assert parse(q).problem == problem


def test_long_queries_are_cut():
    query = parse("word " * 5_000)

    assert query.truncated
    assert len(query.text) <= MAX_QUERY_CHARS


def test_many_terms_are_cut():
    query = parse(" ".join(f"w{number}" for number in range(40)))

    assert query.truncated
    assert len(query.groups) == MAX_TERMS


def test_the_normalised_spelling_ignores_case_spacing_and_order_of_nothing():
    assert (
        parse('  Blue   "GREEN  Team"  -Red  x OR y').normalised == 'blue "green team" x OR y -red'
    )
    assert parse("Parking  permits").normalised == parse("parking permits").normalised
