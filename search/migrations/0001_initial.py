"""Search documents and failed searches, plus each database's own full-text index.

The index part runs only on the database it is written for, so the same migration works on
both: PostgreSQL gets pg_trgm, GIN indexes on the two vectors and a trigram index on titles;
SQLite gets two FTS5 tables (external content: they read the text from search_searchdocument)
kept in step by triggers.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

POSTGRES_FORWARDS = [
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX search_document_vector_idx ON search_searchdocument USING gin (vector)",
    "CREATE INDEX search_document_title_vector_idx ON search_searchdocument "
    "USING gin (title_vector)",
    "CREATE INDEX search_document_title_trgm_idx ON search_searchdocument "
    "USING gin (title_text gin_trgm_ops)",
]
POSTGRES_BACKWARDS = [
    "DROP INDEX IF EXISTS search_document_title_trgm_idx",
    "DROP INDEX IF EXISTS search_document_title_vector_idx",
    "DROP INDEX IF EXISTS search_document_vector_idx",
]

_FTS_INSERT = """
    INSERT INTO search_fts(rowid, title_text, headings_text, body_text)
    VALUES (new.article_id, new.title_text, new.headings_text, new.body_text);
    INSERT INTO search_title_fts(rowid, title_text) VALUES (new.article_id, new.title_text);
"""
_FTS_DELETE = """
    INSERT INTO search_fts(search_fts, rowid, title_text, headings_text, body_text)
    VALUES ('delete', old.article_id, old.title_text, old.headings_text, old.body_text);
    INSERT INTO search_title_fts(search_title_fts, rowid, title_text)
    VALUES ('delete', old.article_id, old.title_text);
"""
SQLITE_FORWARDS = [
    # Porter stemming, like PostgreSQL's 'english' configuration; diacritics folded.
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title_text, headings_text, body_text, content='search_searchdocument', "
    "content_rowid='article_id', tokenize='porter unicode61 remove_diacritics 2')",
    # Titles unstemmed with prefix indexes: search-as-you-type and the typo fallback.
    "CREATE VIRTUAL TABLE search_title_fts USING fts5("
    "title_text, content='search_searchdocument', content_rowid='article_id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE TRIGGER search_document_ai AFTER INSERT ON search_searchdocument BEGIN"
    + _FTS_INSERT
    + "END",
    "CREATE TRIGGER search_document_ad AFTER DELETE ON search_searchdocument BEGIN"
    + _FTS_DELETE
    + "END",
    "CREATE TRIGGER search_document_au AFTER UPDATE ON search_searchdocument BEGIN"
    + _FTS_DELETE
    + _FTS_INSERT
    + "END",
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_ai",
    "DROP TABLE IF EXISTS search_title_fts",
    "DROP TABLE IF EXISTS search_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("title_text", models.TextField()),
                ("headings_text", models.TextField(blank=True)),
                ("body_text", models.TextField(blank=True)),
                (
                    "vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
                (
                    "title_vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
            ],
        ),
        migrations.CreateModel(
            name="FailedSearch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("query", models.CharField(max_length=200, unique=True)),
                ("count", models.PositiveIntegerField(default=1)),
                ("first_seen", models.DateTimeField()),
                ("last_seen", models.DateTimeField()),
            ],
            options={
                "verbose_name": "failed search",
                "verbose_name_plural": "knowledge gaps (searches with no results)",
                "indexes": [models.Index(fields=["-count"], name="failed_search_count_idx")],
            },
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARDS, "sqlite": SQLITE_FORWARDS}),
            _run({"postgresql": POSTGRES_BACKWARDS, "sqlite": SQLITE_BACKWARDS}),
            elidable=False,
        ),
    ]
