"""Keeping the index in step with articles: what a document holds, batches, rebuilds."""

from django.core.management import call_command
from django.db import transaction

from articles import services
from articles.models import Article
from search.indexing import body_text, document_for, reindex, reindex_all
from search.models import SearchDocument
from search.query import search


def test_a_document_holds_the_title_headings_and_body_text_without_markup(make_article):
    article = make_article(
        "Deploying &amp; you",
        body="# Intro\n\nUse **bold** moves & `code()`.\n\n## Rollback\n\n- step one\n- step two\n",
    )

    document = document_for(article)

    assert document.title_text == "Deploying & you"
    assert document.headings_text == "Intro · Rollback"
    assert document.body_text == "Use bold moves & code(). step one step two"


def test_text_never_carries_the_highlight_markers():
    assert body_text("<p>a\ue000b\ue001c</p>") == "abc"


def test_reindex_adds_updates_and_drops_documents(make_article, alice):
    article = make_article("Coffee", body="Descale monthly.\n")
    reindex([article.pk])
    assert SearchDocument.objects.get(pk=article.pk).body_text == "Descale monthly."

    services.trash_article(article=article, author=alice)
    reindex([article.pk, 999_999])

    assert not SearchDocument.objects.exists()


def test_reindex_all_rebuilds_in_batches_and_forgets_the_trash(make_article, alice):
    articles = [make_article(f"Page {number}", body="Words.\n") for number in range(5)]
    services.trash_article(article=articles[0], author=alice)
    SearchDocument.objects.create(article=articles[0], title_text="stale")

    assert reindex_all(batch_size=2) == 4
    assert set(SearchDocument.objects.values_list("pk", flat=True)) == {a.pk for a in articles[1:]}


def test_the_rebuild_command_makes_everything_searchable(make_article, alice, capsys):
    make_article("Zebra crossings", body="Look both ways.\n")
    make_article("Zebra handling", body="Carefully.\n")
    SearchDocument.objects.all().delete()  # an index lost or never built
    assert search(alice, "zebra").total == 0

    call_command("rebuild_search_index", "--batch-size", "1")

    assert search(alice, "zebra").total == 2
    assert "Indexed 2 articles" in capsys.readouterr().out


def test_reindexing_inside_a_rolled_back_transaction_leaves_nothing(make_article):
    article = make_article("Coffee", body="Descale monthly.\n")
    SearchDocument.objects.all().delete()

    try:
        with transaction.atomic():
            reindex([article.pk])
            raise RuntimeError("the save failed")
    except RuntimeError:
        pass

    assert not SearchDocument.objects.exists()
    assert Article.objects.filter(pk=article.pk).exists()
