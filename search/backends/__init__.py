"""Full-text search on each database Lore runs on, behind the same few functions.

Each backend module provides:

- ``write_documents(documents)``: insert or replace these ``SearchDocument``s (and whatever
  the database indexes from them);
- ``count(query, articles, limit)``: how many of ``articles`` match, counting up to ``limit``;
- ``ranked_page(query, articles, offset, limit, max_total)``: that slice of the matches, best
  first, as ``RankedRow``s with highlighted title and snippet (``search.highlight`` marks),
  and how many match, counted up to ``max_total`` (None when ``offset`` is past the end);
- ``excluding(terms, articles)``: ``articles`` without those matching any of these terms
  (the ``-word``s of a tag listing, which has nothing to rank);
- ``title_matches(words, articles, limit)``: ids of articles whose title has these words, the
  last one as a prefix (search as you type);
- ``title_candidates(words, articles, limit)``: ``(id, title)`` of articles whose titles look
  like these words (the typo fallback ranks them).

``query`` is a ``search.language.ParsedQuery`` with something to search for; ``articles`` is a
queryset of the articles the searcher may see, already filtered: backends match within it, in
the same SQL statement, so counts and pages never include anything else.
"""

from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class RankedRow:
    article_id: int
    title_marked: str
    snippet_marked: str


def current():
    if connection.vendor == "postgresql":
        from search.backends import postgres

        return postgres
    from search.backends import sqlite

    return sqlite
