"""PostgreSQL full-text search: a stored weighted tsvector per article, GIN indexes, pg_trgm.

Queries go through ``websearch_to_tsquery`` (which never raises a syntax error) written from
the parsed terms, each quoted; only the prefix of the last word uses ``to_tsquery``, with a
single quoted lexeme of letters and digits. Ranking is ``ts_rank_cd`` over the title (A),
headings (B) and body (C) weights, times a small boost for recent edits. ``ts_headline`` runs
only for the rows of the page shown.
"""

import html

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db.models import BooleanField, F, FloatField, Func, Q, TextField, Value
from django.db.models.functions import Greatest, Left, Replace

from search.backends import RankedRow
from search.highlight import START, STOP
from search.models import SearchDocument

CONFIG = "english"
TITLE_CONFIG = "simple"  # search as you type: "deploym" must still find "deployment"
# ts_rank_cd weights for D, C (body), B (headings), A (title).
WEIGHTS = [0.05, 0.1, 0.4, 1.0]
# 1: divide by 1 + log(document length), so long pages don't win by sheer size.
RANK_NORMALIZATION = 1
# ts_headline parses the whole text it is given; the snippet comes from the start of long bodies.
SNIPPET_SOURCE_CHARS = 20_000
TYPO_MIN_WORD_CHARS = 3


class Recency(Func):
    """1.25 for an article edited just now, fading towards 1 (1.125 after 90 days)."""

    template = (
        "(1.0 + 0.25 / (1.0 + EXTRACT(EPOCH FROM (statement_timestamp() - %(expressions)s))"
        " / 7776000.0))"
    )
    output_field = FloatField()


class WordSimilar(Func):
    """``word <% text``: pg_trgm's word similarity above its threshold (uses the trigram index)."""

    function = ""
    arg_joiner = " <%% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def as_markup(text):
    """``text`` with &, < and > escaped: PostgreSQL's parser takes ``<script>…</script>`` in
    plain text for markup and drops it (and ts_headline the tags), so what people wrote about
    HTML would be unsearchable. Entities are skipped, the words around them kept."""
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        text = Replace(text, Value(char), Value(entity), output_field=TextField())
    return text


def documents_written(ids):
    SearchDocument.objects.filter(pk__in=ids).update(
        vector=SearchVector(as_markup(F("title_text")), config=CONFIG, weight="A")
        + SearchVector(as_markup(F("headings_text")), config=CONFIG, weight="B")
        + SearchVector(as_markup(F("body_text")), config=CONFIG, weight="C"),
        title_vector=SearchVector(as_markup(F("title_text")), config=TITLE_CONFIG),
    )


def websearch_text(query):
    """The query for ``websearch_to_tsquery``, every term quoted, the prefix term left out."""
    parts = []
    for group in query.groups:
        terms = [term for term in group if not term.prefix]
        if terms:
            parts.append(" OR ".join(f'"{term.text}"' for term in terms))
    parts += [f'-"{term.text}"' for term in query.excluded]
    return " ".join(parts)


def tsquery(query):
    text = websearch_text(query)
    result = SearchQuery(text, search_type="websearch", config=CONFIG) if text else None
    if prefix := query.prefix_term:
        # A lone lexeme of letters and digits, quoted: nothing to_tsquery could misread.
        started = SearchQuery(f"'{prefix.words[0]}':*", search_type="raw", config=CONFIG)
        result = started if result is None else result & started
    return result


def _score(vector, updated_at, query):
    rank = SearchRank(
        vector, query, weights=WEIGHTS, normalization=RANK_NORMALIZATION, cover_density=True
    )
    return rank * Recency(updated_at)


def count(query, articles, limit):
    return articles.filter(search_document__vector=tsquery(query)).values("pk")[:limit].count()


def ranked_page(query, articles, offset, limit):
    match = tsquery(query)
    page = (
        articles.filter(search_document__vector=match)
        .annotate(score=_score(F("search_document__vector"), F("updated_at"), match))
        .order_by("-score", "pk")
        .values("pk")[offset : offset + limit]
    )
    highlight = {"config": CONFIG, "start_sel": START, "stop_sel": STOP}
    rows = (
        SearchDocument.objects.filter(pk__in=page)
        .annotate(
            score=_score(F("vector"), F("article__updated_at"), match),
            title_marked=SearchHeadline(
                as_markup(F("title_text")), match, highlight_all=True, **highlight
            ),
            snippet_marked=SearchHeadline(
                as_markup(Left("body_text", SNIPPET_SOURCE_CHARS)),
                match,
                max_words=32,
                min_words=16,
                short_word=2,
                max_fragments=2,
                fragment_delimiter=" … ",
                **highlight,
            ),
        )
        .order_by("-score", "pk")
        .values_list("pk", "title_marked", "snippet_marked")
    )
    # Back to plain text (search.highlight escapes it again, with the marks).
    return [
        RankedRow(pk, html.unescape(title), html.unescape(snippet)) for pk, title, snippet in rows
    ]


def title_matches(words, articles, limit):
    lexemes = [f"'{word}'" for word in words[:-1]] + [f"'{words[-1]}':*"]
    match = SearchQuery(" & ".join(lexemes), search_type="raw", config=TITLE_CONFIG)
    return list(
        articles.filter(search_document__title_vector=match)
        .annotate(similarity=TrigramSimilarity("search_document__title_text", " ".join(words)))
        .order_by("-similarity", "title", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def title_candidates(words, articles, limit):
    words = [word for word in words if len(word) >= TYPO_MIN_WORD_CHARS]
    if not words:
        return []
    title = F("search_document__title_text")
    close = Q()
    for word in words:
        close |= Q(WordSimilar(Value(word), title))
    similarities = [TrigramWordSimilarity(word, title) for word in words]
    similarity = Greatest(*similarities) if len(similarities) > 1 else similarities[0]
    return list(
        articles.filter(close)
        .annotate(similarity=similarity)
        .order_by("-similarity", "pk")
        .values_list("pk", "search_document__title_text")[:limit]
    )
