"""What search reads: one document per live article, and the searches that found nothing.

The full-text index itself depends on the database (see ``search/backends``): on PostgreSQL the
``vector`` and ``title_vector`` columns with GIN indexes and a trigram index on ``title_text``;
on SQLite FTS5 tables over these text columns, kept in step by triggers. Migration 0001 creates
them, running each database's part only on that database.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from articles.models import Article


class SearchDocument(models.Model):
    """The searchable text of one live article, rewritten by ``search.indexing.reindex``.

    Articles in the trash have no document; results are also joined with
    ``Article.objects.visible_to(user)``, so a stale document can never leak an article.
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    title_text = models.TextField()
    headings_text = models.TextField(blank=True)
    # Plain text of the rendered body (Markdown syntax gone), for matching and snippets.
    body_text = models.TextField(blank=True)
    # PostgreSQL only (NULL on SQLite), written by search.backends.postgres:
    # title (A), headings (B) and body (C) with English stemming: matching and ranking;
    vector = SearchVectorField(null=True, editable=False)
    # the title alone, unstemmed: search as you type ("deploym" still finds "deployment");
    title_vector = SearchVectorField(null=True, editable=False)
    # the title alone, stemmed: title matches first when a word is in most articles.
    # (Also PostgreSQL only, and not a model field: ``phrase_pairs``, see migration 0002.)
    title_stems = SearchVectorField(null=True, editable=False)

    def __str__(self):
        return self.title_text


class FailedSearch(models.Model):
    """A query that found nothing: the knowledge gaps report. Who searched is not kept."""

    query = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=1)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()

    class Meta:
        verbose_name = "failed search"
        verbose_name_plural = "knowledge gaps (searches with no results)"
        indexes = [models.Index(fields=["-count"], name="failed_search_count_idx")]

    def __str__(self):
        return self.query
