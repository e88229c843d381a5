"""PostgreSQL full-text search: stored tsvectors with GIN indexes, phrase pairs, pg_trgm.

Each document stores (see migrations 0001 and 0002):

- ``vector``: title (A), headings (B) and body (C), English stemming: matching and ranking;
- ``phrase_pairs``: hashes of consecutive lexemes, so a phrase of common words is an index
  lookup instead of a position check in thousands of vectors;
- ``title_stems`` (English) and ``title_vector`` (unstemmed): title-only lookups.

User input never becomes query syntax: every term is passed as a parameter to
``plainto_tsquery``/``websearch_to_tsquery``/``to_tsvector`` (which accept any text), and the
one ``to_tsquery`` call gets a single quoted lexeme of letters and digits (the prefix).

Ranking (``ts_rank_cd`` with title > headings > body, times a small recency boost) reads each
ranked document's whole vector, so a word found in every article can't be ranked everywhere
(1.5-2 s at 100,000 articles). Only what can be shown is ranked: the first ``max_total``
matches found, in no particular order (all of them when there are fewer: then the ranking is
exact), plus, when there are more, matches among the most recently edited articles and matches
with the words in their title. The same statement returns the page, its snippets
(``ts_headline`` over a window around the first match, for the page's rows only) and the count
(up to ``max_total``).
"""

import html

from django.contrib.postgres.search import SearchQuery, TrigramSimilarity, TrigramWordSimilarity
from django.db import connection
from django.db.models import BooleanField, F, Func, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest

from search.backends import RankedRow
from search.highlight import START, STOP

CONFIG = "english"
TITLE_CONFIG = "simple"  # search as you type: "deploym" must still find "deployment"
# ts_rank_cd weights for D, C (body), B (headings), A (title).
WEIGHTS = [0.05, 0.1, 0.4, 1.0]
# 1: divide by 1 + log(document length), so long pages don't win by sheer size.
RANK_NORMALIZATION = 1
# When more match than can be shown, what gets ranked: up to max_total matches in no
# particular order (the cheapest to find), plus matches among the RECENT_WINDOW most recently
# edited articles, plus matches with the words in their title.
RECENT_WINDOW, RECENT_CANDIDATES, TITLE_CANDIDATES = 1000, 100, 60
# ts_headline parses all the text it gets: give it a window around the first match.
SNIPPET_WINDOW_BEFORE, SNIPPET_WINDOW_CHARS = 200, 600
SNIPPET_OPTIONS = (
    # One excerpt: the fragment mode (MaxFragments) took twice as long.
    f"StartSel={START}, StopSel={STOP}, MaxWords=32, MinWords=16, ShortWord=2"
)
TITLE_OPTIONS = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"
TYPO_MIN_WORD_CHARS = 3
SUGGESTION_CANDIDATES = 200


def _markup(sql):
    """Escape &, < and > (in SQL): PostgreSQL's parser takes ``<script>…</script>`` in plain
    text for markup and skips it, so what people wrote about HTML would be unsearchable.
    Entities are skipped and the words around them kept. Queries are escaped the same way."""
    return f"replace(replace(replace({sql}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"


def _escaped(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- Writing -----------------------------------------------------------------------------------

_WRITE = f"""
    INSERT INTO search_searchdocument (
        article_id, title_text, headings_text, body_text,
        vector, title_vector, title_stems, phrase_pairs
    )
    SELECT
        v.article_id, v.title_text, v.headings_text, v.body_text,
        w.vector, to_tsvector('{TITLE_CONFIG}', m.title), to_tsvector('{CONFIG}', m.title),
        lore_search_pairs(w.vector)
    FROM (VALUES {{rows}}) AS v(article_id, title_text, headings_text, body_text)
    CROSS JOIN LATERAL (
        SELECT {_markup("v.title_text")} AS title, {_markup("v.headings_text")} AS headings,
            {_markup("v.body_text")} AS body
    ) AS m
    CROSS JOIN LATERAL (
        SELECT setweight(to_tsvector('{CONFIG}', m.title), 'A')
            || setweight(to_tsvector('{CONFIG}', m.headings), 'B')
            || setweight(to_tsvector('{CONFIG}', m.body), 'C') AS vector
    ) AS w
    ON CONFLICT (article_id) DO UPDATE SET
        title_text = excluded.title_text, headings_text = excluded.headings_text,
        body_text = excluded.body_text, vector = excluded.vector,
        title_vector = excluded.title_vector, title_stems = excluded.title_stems,
        phrase_pairs = excluded.phrase_pairs
"""


def write_documents(documents):
    """Insert or replace these documents with their vectors and pairs: one statement."""
    rows = ", ".join(["(%s::bigint, %s::text, %s::text, %s::text)"] * len(documents))
    params = []
    for document in documents:
        params += [
            document.article_id,
            document.title_text,
            document.headings_text,
            document.body_text,
        ]
    with connection.cursor() as cursor:
        cursor.execute(_WRITE.format(rows=rows), params)


# --- Searching ---------------------------------------------------------------------------------


def _term_condition(term):
    """A condition on ``d`` (a search document) for one term, and its parameters."""
    if term.prefix:
        # A lone lexeme of letters and digits, quoted: nothing to_tsquery could misread.
        return f"d.vector @@ to_tsquery('{CONFIG}', %s)", [f"'{term.words[0]}':*"]
    text = _escaped(term.text)
    words = f"d.vector @@ plainto_tsquery('{CONFIG}', %s)"
    if not term.is_phrase:
        return words, [text]
    # The pairs are a constant the planner computes first, so only one branch remains: NULL
    # pairs mean the phrase has a single lexeme (say "the guide"), and its word is enough.
    pairs = f"lore_search_pairs(to_tsvector('{CONFIG}', %s))"
    return (
        f"(CASE WHEN {pairs} IS NULL THEN {words} ELSE d.phrase_pairs @> {pairs} END)",
        [text] * 3,
    )


def _match(query):
    conditions, params = [], []
    for group in query.groups:
        alternatives = [_term_condition(term) for term in group]
        conditions.append("(" + " OR ".join(sql for sql, _ in alternatives) + ")")
        params += [param for _, term_params in alternatives for param in term_params]
    for term in query.excluded:
        sql, term_params = _term_condition(term)
        conditions.append(f"NOT {sql}")
        params += term_params
    return " AND ".join(conditions), params


def websearch_text(query):
    """The query for ``websearch_to_tsquery`` (ranking and highlighting), each term quoted."""
    parts = []
    for group in query.groups:
        terms = [term for term in group if not term.prefix]
        if terms:
            parts.append(" OR ".join(f'"{_escaped(term.text)}"' for term in terms))
    parts += [f'-"{_escaped(term.text)}"' for term in query.excluded]
    return " ".join(parts)


def _rank_query(query):
    parts, params = [], []
    if text := websearch_text(query):
        parts.append(f"websearch_to_tsquery('{CONFIG}', %s)")
        params.append(text)
    if prefix := query.prefix_term:
        parts.append(f"to_tsquery('{CONFIG}', %s)")
        params.append(f"'{prefix.words[0]}':*")
    return "(" + " && ".join(parts) + ")", params


def _probe(query):
    """Text to look for in a body to place the snippet window: the start of the first word
    (so "deploying" finds "deploy…"), or something no body contains."""
    for term in query.terms:
        return term.words[0][:5]
    return "\ue000"


def _visible(articles):
    """The ``articles`` queryset as SQL yielding (id, updated_at), to join as ``v(id, updated_at)``.

    A subquery in FROM is flattened into the statement by PostgreSQL: the permission filter
    then applies to the same article rows the search reads, one lookup each.
    """
    sql, params = articles.order_by().values("pk", "updated_at").query.sql_with_params()
    return sql, list(params)


# A search is a short query: parallel workers took 100-250 ms just to start here, and JIT
# compiling costs more than it saves. Sent in the same string as the query, SET LOCAL lasts
# until that statement's (implicit) transaction ends, or the caller's transaction.
_SHORT_QUERY = "SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off; "


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(_SHORT_QUERY + sql, params)
        return cursor.fetchall()


def count(query, articles, limit):
    visible, visible_params = _visible(articles)
    match, match_params = _match(query)
    sql = (
        f"SELECT count(*) FROM (SELECT 1 FROM ({visible}) AS v(id, updated_at)"
        " JOIN search_searchdocument d ON d.article_id = v.id"
        f" WHERE {match} LIMIT %s) AS matches"
    )
    return _rows(sql, [*visible_params, *match_params, limit])[0][0]


def ranked_page(query, articles, offset, limit, max_total):
    """The page's rows and how many match (up to ``max_total``; None past the last page)."""
    visible, visible_params = _visible(articles)
    match, match_params = _match(query)
    ranking, ranking_params = _rank_query(query)
    recency = (
        "(1.0 + 0.25 / (1.0 + EXTRACT(EPOCH FROM (statement_timestamp() - candidates.updated_at))"
        " / 7776000.0))"
    )
    # Where the snippet window starts: the first place the first word appears as typed,
    # Capitalised or in CAPITALS (case-sensitive searches are fast; lower() of a body is not).
    probe = _probe(query)
    found = ", ".join(["NULLIF(strpos(d.body_text, %s), 0)"] * 3)
    window = (
        f"substr(d.body_text, greatest(1, coalesce(least({found}), 1) - {SNIPPET_WINDOW_BEFORE}),"
        f" {SNIPPET_WINDOW_CHARS})"
    )
    # Only when more match than can be shown do the recent and title candidates matter.
    many = f"(SELECT count(*) FROM matches) >= {int(max_total)}"
    sql = f"""
        WITH matches AS MATERIALIZED (
            SELECT v.id, v.updated_at FROM ({visible}) AS v(id, updated_at)
            JOIN search_searchdocument d ON d.article_id = v.id
            WHERE {match}
            LIMIT %s
        ), recent AS (
            SELECT v.id, v.updated_at FROM (
                SELECT * FROM ({visible}) AS v(id, updated_at)
                ORDER BY v.updated_at DESC LIMIT %s
            ) AS v
            JOIN search_searchdocument d ON d.article_id = v.id
            WHERE {many} AND {match}
            LIMIT %s
        ), titled AS (
            SELECT v.id, v.updated_at FROM ({visible}) AS v(id, updated_at)
            JOIN search_searchdocument d ON d.article_id = v.id
            WHERE {many} AND d.title_stems @@ {ranking}
            LIMIT %s
        ), ranked AS (
            SELECT d.article_id AS id,
                ts_rank_cd(%s::float4[], d.vector, {ranking}, %s) * {recency} AS score
            FROM (
                SELECT * FROM matches UNION SELECT * FROM recent UNION SELECT * FROM titled
            ) AS candidates
            JOIN search_searchdocument d ON d.article_id = candidates.id
            WHERE {match}
            ORDER BY score DESC, d.article_id
            LIMIT %s OFFSET %s
        )
        SELECT ranked.id, (SELECT count(*) FROM matches),
            ts_headline('{CONFIG}', {_markup("d.title_text")}, {ranking}, %s),
            ts_headline('{CONFIG}', {_markup(window)}, {ranking}, %s)
        FROM ranked JOIN search_searchdocument d ON d.article_id = ranked.id
        ORDER BY ranked.score DESC, ranked.id
    """
    params = [
        *visible_params, *match_params, max_total,
        *visible_params, RECENT_WINDOW, *match_params, RECENT_CANDIDATES,
        *visible_params, *ranking_params, TITLE_CANDIDATES,
        WEIGHTS, *ranking_params, RANK_NORMALIZATION, *match_params, limit, offset,
        *ranking_params, TITLE_OPTIONS,
        probe, probe.capitalize(), probe.upper(), *ranking_params, SNIPPET_OPTIONS,
    ]  # fmt: skip
    rows = _rows(sql, params)
    if not rows:
        return [], (None if offset else 0)
    # The headlines are escaped text (see _markup): back to plain text, which
    # search.highlight escapes again around its marks.
    return [
        RankedRow(pk, html.unescape(title), html.unescape(snippet))
        for pk, _, title, snippet in rows
    ], rows[0][1]


def excluding(terms, articles):
    """``articles`` without those whose documents match any of ``terms``."""
    conditions = [_term_condition(term) for term in terms]
    match = " OR ".join(sql for sql, _ in conditions)
    params = [param for _, term_params in conditions for param in term_params]
    found = RawSQL(f"SELECT d.article_id FROM search_searchdocument d WHERE {match}", params)
    return articles.exclude(pk__in=found)


# --- Titles ------------------------------------------------------------------------------------


class WordSimilar(Func):
    """``word <% text``: pg_trgm's word similarity above its threshold (uses the trigram index)."""

    function = ""
    arg_joiner = " <%% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def title_matches(words, articles, limit):
    # Each word a quoted lexeme of letters and digits; the last one a prefix.
    lexemes = [f"'{word}'" for word in words[:-1]] + [f"'{words[-1]}':*"]
    match = SearchQuery(" & ".join(lexemes), search_type="raw", config=TITLE_CONFIG)
    # Two letters can match most titles: order a bounded sample, not all of them.
    sample = articles.filter(search_document__title_vector=match).order_by().values("pk")
    return list(
        articles.filter(pk__in=sample[:SUGGESTION_CANDIDATES])
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
