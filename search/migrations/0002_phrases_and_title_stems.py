"""PostgreSQL: stemmed titles (title matches first for very common words) and phrase pairs.

A phrase whose words are each in most articles made PostgreSQL check word positions in
thousands of stored vectors (1.5 s at 100,000 articles). ``phrase_pairs`` holds a hash of every
pair of consecutive lexemes of an article, with a GIN index, so a phrase is found like a word:
``phrase_pairs @> lore_search_pairs(to_tsvector('english', 'quarterly budget'))``. It is a
PostgreSQL-only column (not a model field); ``search.backends.postgres`` writes and reads it.

Vectors are also kept in the table's rows rather than TOAST (see below). Existing documents are
rewritten here; on SQLite nothing changes.
"""

import django.contrib.postgres.search
from django.db import migrations

POSTGRES_FORWARDS = [
    # Hashes of consecutive lexemes (by position; stop words, which have no lexeme, are
    # skipped), or NULL when there are fewer than two. IMMUTABLE, so the planner computes a
    # query's pairs once, as a constant.
    """
    CREATE OR REPLACE FUNCTION lore_search_pairs(document tsvector) RETURNS bigint[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT array_agg(DISTINCT hashtextextended(lexeme || ' ' || next_lexeme, 0))
        FROM (
            SELECT entry.lexeme, lead(entry.lexeme) OVER (ORDER BY position) AS next_lexeme
            FROM unnest(document) AS entry, unnest(entry.positions) AS position
        ) AS consecutive
        WHERE next_lexeme IS NOT NULL
    $$
    """,
    "ALTER TABLE search_searchdocument ADD COLUMN phrase_pairs bigint[]",
    # Keep vectors and pairs in the row (rows up to 8 KB; bodies, needed only for the page's
    # snippets, are compressed or moved out first): a search reads hundreds of them, and
    # fetching each from the TOAST table cost ten times more than using it.
    "ALTER TABLE search_searchdocument SET (toast_tuple_target = 8160)",
    "ALTER TABLE search_searchdocument ALTER COLUMN vector SET STORAGE MAIN",
    "ALTER TABLE search_searchdocument ALTER COLUMN phrase_pairs SET STORAGE MAIN",
    """
    UPDATE search_searchdocument SET
        title_stems = to_tsvector('english'::regconfig, replace(replace(replace(
            title_text, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')),
        phrase_pairs = lore_search_pairs(vector)
    WHERE vector IS NOT NULL
    """,
    "CREATE INDEX search_document_title_stems_idx ON search_searchdocument "
    "USING gin (title_stems)",
    "CREATE INDEX search_document_phrase_pairs_idx ON search_searchdocument "
    "USING gin (phrase_pairs)",
]
POSTGRES_BACKWARDS = [
    "ALTER TABLE search_searchdocument ALTER COLUMN vector SET STORAGE EXTENDED",
    "ALTER TABLE search_searchdocument RESET (toast_tuple_target)",
    "DROP INDEX IF EXISTS search_document_phrase_pairs_idx",
    "DROP INDEX IF EXISTS search_document_title_stems_idx",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS phrase_pairs",
    "DROP FUNCTION IF EXISTS lore_search_pairs(tsvector)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="title_stems",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(_run(POSTGRES_FORWARDS), _run(POSTGRES_BACKWARDS), elidable=False),
    ]
