"""SQLite full-text search: FTS5 tables kept in step with ``search_searchdocument`` by triggers.

``search_fts`` (porter stemming) answers searches, ranked by ``bm25`` with column weights
(title 10, headings 4, body 1) times the same recency boost as PostgreSQL (applied to the best
``max_total`` by bm25, all that can be paged through); ``snippet()`` and
``highlight()`` mark the matches, for the page's rows only. ``search_title_fts`` (unstemmed,
prefix-indexed titles) serves search as you type and the typo fallback.

MATCH expressions are written here from the parsed terms, every term double-quoted (its words
are letters and digits only), so user input can't be FTS5 syntax. The articles the searcher may
see come in as Django's own SQL for the ``articles`` queryset, used as a subquery.
"""

from django.db import connection
from django.db.models.expressions import RawSQL

from search.backends import RankedRow
from search.highlight import START, STOP
from search.models import SearchDocument

TITLE_WEIGHT, HEADINGS_WEIGHT, BODY_WEIGHT = 10.0, 4.0, 1.0
SNIPPET_TOKENS = 32
# The typo fallback compares titles sharing a word's first two letters with the query.
TYPO_PREFIX_CHARS = 2

_RELEVANCE = f"bm25(search_fts, {TITLE_WEIGHT}, {HEADINGS_WEIGHT}, {BODY_WEIGHT})"
_RECENCY = (
    "(1.0 + 0.25 / (1.0 + (julianday('now') - julianday(articles_article.updated_at)) / 90.0))"
)


def write_documents(documents):
    """Replace these documents; the triggers copy their text into the FTS tables."""
    SearchDocument.objects.filter(pk__in=[document.pk for document in documents]).delete()
    SearchDocument.objects.bulk_create(documents)


def _quoted(term):
    return '"' + " ".join(term.words) + '"' + ("*" if term.prefix else "")


def match_expression(query):
    groups = ["(" + " OR ".join(_quoted(term) for term in group) + ")" for group in query.groups]
    expression = "(" + " AND ".join(groups) + ")"
    for term in query.excluded:
        expression += " NOT " + _quoted(term)
    return expression


def _visible(articles):
    sql, params = articles.order_by().values("pk").query.sql_with_params()
    return sql, list(params)


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def count(query, articles, limit):
    visible, params = _visible(articles)
    sql = (
        "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s"
        f" AND +rowid IN ({visible}) LIMIT %s)"
    )
    return _rows(sql, [match_expression(query), *params, limit])[0][0]


def ranked_page(query, articles, offset, limit, max_total):
    """The page's rows and how many match (up to ``max_total``; None past the last page)."""
    visible, params = _visible(articles)
    match = match_expression(query)
    # bm25 orders every match (cheap); the recency boost (at most x1.25, and reading each
    # date cost more than bm25) then reorders the max_total best, which are all that can be
    # paged through. Only the page is marked up: highlight() and snippet() need the FTS5
    # cursor, hence matching again for the page's rows. "+rowid" keeps SQLite from handing
    # the IN list to FTS5, which ran the whole MATCH once per visible article.
    sql = f"""
        WITH best AS (
            SELECT rowid AS id, {_RELEVANCE} AS relevance FROM search_fts
            WHERE search_fts MATCH %s AND +rowid IN ({visible})
            ORDER BY relevance, rowid
            LIMIT %s
        ), page AS (
            SELECT best.id, best.relevance * {_RECENCY} AS score
            FROM best JOIN articles_article ON articles_article.id = best.id
            ORDER BY score, best.id
            LIMIT %s OFFSET %s
        )
        SELECT page.id, highlight(search_fts, 0, %s, %s),
            snippet(search_fts, 2, %s, %s, '…', {SNIPPET_TOKENS})
        FROM page JOIN search_fts ON search_fts.rowid = page.id
        WHERE search_fts MATCH %s
        ORDER BY page.score, page.id
    """
    rows = _rows(sql, [match, *params, max_total, limit, offset, START, STOP, START, STOP, match])
    if not rows:
        return [], (None if offset else 0)
    # A page that isn't full is the last one: no need to count.
    total = offset + len(rows) if len(rows) < limit else count(query, articles, max_total)
    return [RankedRow(*row) for row in rows], total


def excluding(terms, articles):
    """``articles`` without those whose documents match any of ``terms``."""
    match = " OR ".join(_quoted(term) for term in terms)
    found = RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [match])
    return articles.exclude(pk__in=found)


def title_matches(words, articles, limit):
    visible, params = _visible(articles)
    match = " ".join(f'"{word}"' for word in words) + "*"
    sql = (
        "SELECT rowid FROM search_title_fts WHERE search_title_fts MATCH %s"
        f" AND +rowid IN ({visible}) ORDER BY rank, rowid LIMIT %s"
    )
    return [row[0] for row in _rows(sql, [match, *params, limit])]


def title_candidates(words, articles, limit):
    prefixes = sorted({word[:TYPO_PREFIX_CHARS] for word in words})
    if not prefixes:
        return []
    visible, params = _visible(articles)
    match = " OR ".join(f'"{prefix}"*' for prefix in prefixes)
    sql = (
        "SELECT search_title_fts.rowid, search_searchdocument.title_text FROM search_title_fts"
        " JOIN search_searchdocument ON search_searchdocument.article_id = search_title_fts.rowid"
        f" WHERE search_title_fts MATCH %s AND +search_title_fts.rowid IN ({visible}) LIMIT %s"
    )
    return _rows(sql, [match, *params, limit])
