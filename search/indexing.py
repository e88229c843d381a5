"""Keeping the search index in step with articles.

``articles.services`` calls ``reindex(ids)`` inside the transaction of every write (create,
edit, revert, trash, restore), so search never lags behind a save and a rolled-back save
leaves the index as it was. ``reindex_all`` rebuilds everything in batches (bulk loads,
``manage.py rebuild_search_index``).

Each article's document holds plain text: its title, its headings (from ``article.toc``) with
its tags' names after them (both weighted as headings), and its rendered body without markup or
headings, so every word is weighted once (title > headings and tags > body). Articles in the
trash have no document.
"""

import html
import re

from django.db import transaction

from articles.models import Article
from search import backends
from search.models import SearchDocument

BATCH_SIZE = 2000
# Words past this point of a (very long) body are not searchable: it bounds the index row and
# PostgreSQL's tsvector, which refuses values over 1 MB.
MAX_INDEXED_CHARS = 200_000

# Highlights are marked with these private-use characters (see search.highlight), so they must
# never come from the articles themselves.
SENTINELS = re.compile("[\ue000\ue001]")
_HEADING = re.compile(r"<h[1-6][^>]*>.*?</h[1-6]>", re.DOTALL | re.IGNORECASE)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|li|ul|ol|dl|dt|dd|pre|blockquote|table|thead|tbody|tfoot|tr|td|th|br|hr|"
    r"section|figure|figcaption|details|summary|h[1-6])\b[^>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>")


def plain_text(text):
    """Text as it reads: entities decoded, whitespace collapsed, no highlight sentinels."""
    return " ".join(SENTINELS.sub("", html.unescape(text)).split())


def body_text(body_html):
    """The words of a rendered body, without its headings (indexed on their own)."""
    text = _HEADING.sub(" ", body_html)
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", text))
    return plain_text(text)[:MAX_INDEXED_CHARS]


def document_for(article):
    """``article``'s document; its tags should be prefetched (``_reindex_batch`` does)."""
    headings = [entry.get("text", "") for entry in article.toc or []]
    headings += [tag.name for tag in article.tags.all()]
    headings = " · ".join(headings)
    return SearchDocument(
        article_id=article.pk,
        title_text=plain_text(article.title),
        headings_text=plain_text(headings),
        body_text=body_text(article.body_html),
    )


def reindex(article_ids):
    """(Re)compute the documents of these articles; trashed or missing ones are dropped."""
    ids = sorted({int(pk) for pk in article_ids})
    for start in range(0, len(ids), BATCH_SIZE):
        _reindex_batch(ids[start : start + BATCH_SIZE])


def reindex_all(batch_size=BATCH_SIZE, progress=None):
    """Rebuild every document, ``batch_size`` articles per transaction; returns the count."""
    done, last_pk = 0, 0
    live = Article.objects.live().order_by("pk")
    while ids := list(live.filter(pk__gt=last_pk).values_list("pk", flat=True)[:batch_size]):
        _reindex_batch(ids)
        done, last_pk = done + len(ids), ids[-1]
        if progress:
            progress(done)
    SearchDocument.objects.exclude(article__deleted_at__isnull=True).delete()
    return done


def _reindex_batch(ids):
    articles = (
        Article.objects.filter(pk__in=ids)
        .only("pk", "title", "toc", "body_html")
        .prefetch_related("tags")
    )
    documents = [document_for(article) for article in articles.live()]
    with transaction.atomic():
        gone = set(ids) - {document.pk for document in documents}
        if gone:
            SearchDocument.objects.filter(pk__in=gone).delete()
        if documents:
            backends.current().write_documents(documents)
