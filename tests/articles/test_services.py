import pytest
from django.core.exceptions import ValidationError

from articles import services
from articles.models import Article, ArticleRedirect, ArticleRevision


def tree_is_valid():
    """Every node nests inside its parent with consistent mptt fields."""
    nodes = {a.pk: a for a in Article.objects.all()}
    for node in nodes.values():
        assert node.lft < node.rght
        if node.parent_id:
            parent = nodes[node.parent_id]
            assert parent.tree_id == node.tree_id
            assert parent.lft < node.lft and node.rght < parent.rght
            assert node.level == parent.level + 1
        else:
            assert node.level == 0 and node.lft == 1
    return True


def edit(article, author, base=None, **changes):
    summary = changes.pop("summary", "")
    fields = {"title": article.title, "body": article.body, **changes}
    return services.edit_article(
        article=article,
        base_revision=article.revision_number if base is None else base,
        author=author,
        summary=summary,
        **fields,
    )


def test_creating_an_article_renders_it_and_records_revision_one(make_article, alice):
    article = make_article("Deploy runbook", body="# Deploy\n\nRun `make deploy`.\n")

    assert article.path == "deploy-runbook"
    assert "<code>make deploy</code>" in article.body_html
    assert article.toc[0]["text"] == "Deploy"
    meta = ArticleRevision.objects.get(article=article)
    assert (meta.number, meta.kind, meta.revision.user) == (1, "create", alice)
    assert article.version_for(1).field_dict["body"] == article.body


def test_children_get_nested_paths_and_unicode_slugs(section, make_article):
    child = make_article("Über uns", parent=section)
    assert child.path == "engineering/über-uns"


def test_it_refuses_a_sibling_with_the_same_address(section, make_article):
    make_article("Setup", parent=section)
    with pytest.raises(ValidationError, match="already exists"):
        make_article("Setup", parent=section)


def test_the_same_slug_is_fine_under_different_parents(section, make_article):
    other = make_article("Operations")
    make_article("Setup", parent=section)
    assert make_article("Setup", parent=other).path == "operations/setup"


def test_it_refuses_slugs_starting_with_an_underscore(make_article):
    with pytest.raises(ValidationError, match="reserved"):
        make_article("Edit", slug="_edit")


def test_it_refuses_a_body_over_the_limit(make_article, settings):
    settings.LORE_MAX_BODY_CHARS = 100
    with pytest.raises(ValidationError, match="limit is 100"):
        make_article("Big", body="x" * 101)
    assert not Article.objects.filter(title="Big").exists()


def test_an_edit_makes_a_new_revision_with_summary_and_size_change(section, bob):
    result = edit(section, bob, body=section.body + "More.\n", summary="Add more")

    article = result.article
    assert result.changed and not result.merged
    assert article.revision_number == 2
    meta = article.revisions.get(number=2)
    assert meta.revision.comment == "Add more"
    assert meta.size_delta == len("More.\n")
    assert article.updated_by == bob


def test_an_edit_that_changes_nothing_makes_no_revision(section, bob):
    result = edit(section, bob)
    assert not result.changed
    assert section.revisions.count() == 1


def test_non_overlapping_concurrent_edits_are_merged(make_article, alice, bob):
    article = make_article("Notes", body="one\ntwo\nthree\nfour\nfive\n")
    edit(article, alice, base=1, body="ONE\ntwo\nthree\nfour\nfive\n")

    result = edit(article, bob, base=1, body="one\ntwo\nthree\nfour\nFIVE\n")

    assert result.merged
    assert result.article.body == "ONE\ntwo\nthree\nfour\nFIVE\n"
    assert result.article.revisions.get(number=3).kind == "merge"


def test_overlapping_concurrent_edits_raise_a_conflict_and_save_nothing(make_article, alice, bob):
    article = make_article("Notes", body="one\ntwo\nthree\n")
    edit(article, alice, base=1, body="one\nTWO by alice\nthree\n")

    with pytest.raises(services.EditConflict) as conflict:
        edit(article, bob, base=1, body="one\nTWO by bob\nthree\n")

    assert conflict.value.mine_body == "one\nTWO by bob\nthree\n"
    assert conflict.value.current.body == "one\nTWO by alice\nthree\n"
    assert Article.objects.get(pk=article.pk).revision_number == 2


def test_a_stale_edit_of_an_unchanged_body_keeps_the_newer_title(make_article, alice, bob):
    article = make_article("Notes", body="one\n")
    edit(article, alice, base=1, title="Better notes")
    result = edit(article, bob, base=1, body="one\ntwo\n")
    assert result.article.title == "Better notes"
    assert result.article.body == "one\ntwo\n"


def test_renaming_leaves_redirects_for_the_article_and_its_subtree(section, make_article, bob):
    child = make_article("Setup", parent=section)
    edit(section, bob, slug="eng")

    child.refresh_from_db()
    assert child.path == "eng/setup"
    assert ArticleRedirect.objects.get(old_path="engineering").article_id == section.pk
    assert ArticleRedirect.objects.get(old_path="engineering/setup").article_id == child.pk
    assert Article.objects.get(pk=section.pk).revisions.first().kind == "rename"


def test_moving_under_its_own_descendant_is_refused(section, make_article, bob):
    child = make_article("Guides", parent=section)
    grandchild = make_article("Setup", parent=child)

    for target in (section, child, grandchild):
        with pytest.raises(ValidationError, match="under itself"):
            services.move_article(article=section, target=target, position="last-child", author=bob)
    assert tree_is_valid()


def test_moving_a_subtree_updates_paths_and_keeps_old_urls(section, make_article, bob):
    guides = make_article("Guides", parent=section)
    setup = make_article("Setup", parent=guides)
    ops = make_article("Operations")

    services.move_article(article=guides, target=ops, position="last-child", author=bob)

    setup.refresh_from_db()
    assert setup.path == "operations/guides/setup"
    assert ArticleRedirect.objects.get(old_path="engineering/guides/setup").article_id == setup.pk
    assert tree_is_valid()
    assert Article.objects.get(pk=guides.pk).revisions.first().detail == (
        "engineering/guides → operations/guides"
    )


def test_reordering_siblings(section, make_article, bob):
    first = make_article("First", parent=section)
    second = make_article("Second", parent=section)

    services.move_article(article=second, target=first, position="left", author=bob)

    titles = list(
        Article.objects.filter(parent=section).order_by("lft").values_list("title", flat=True)
    )
    assert titles == ["Second", "First"]
    assert tree_is_valid()


def test_moving_to_the_top_level_makes_a_section(section, make_article, bob):
    child = make_article("Guides", parent=section)
    services.move_article(article=child, target=None, position="last-child", author=bob)
    child.refresh_from_db()
    assert child.parent is None and child.path == "guides"
    assert tree_is_valid()


def test_moving_next_to_a_clashing_slug_is_refused(section, make_article, bob):
    make_article("Setup", parent=section)
    other = make_article("Setup")
    with pytest.raises(ValidationError, match="already exists"):
        services.move_article(article=other, target=section, position="last-child", author=bob)


def test_trash_hides_the_subtree_and_restore_brings_it_back(section, make_article, bob):
    child = make_article("Guides", parent=section)

    services.trash_article(article=section, author=bob)
    assert not Article.objects.live().filter(pk__in=[section.pk, child.pk]).exists()
    assert list(Article.objects.in_trash()) == [Article.objects.get(pk=section.pk)]

    services.restore_article(article=section, author=bob)
    assert Article.objects.live().filter(pk__in=[section.pk, child.pk]).count() == 2
    kinds = list(Article.objects.get(pk=section.pk).revisions.values_list("kind", flat=True))
    assert kinds[:2] == ["restore", "delete"]


def test_restore_is_refused_when_the_address_is_taken_again(make_article, bob):
    old = make_article("Setup")
    services.trash_article(article=old, author=bob)
    make_article("Setup")
    with pytest.raises(ValidationError, match="now lives at"):
        services.restore_article(article=old, author=bob)


def test_a_child_trashed_on_its_own_needs_its_parent_restored_first(section, make_article, bob):
    child = make_article("Guides", parent=section)
    services.trash_article(article=child, author=bob)
    services.trash_article(article=section, author=bob)
    with pytest.raises(ValidationError, match="Restore that first"):
        services.restore_article(article=child, author=bob)


def test_purge_deletes_the_subtree_for_good(section, make_article, bob):
    make_article("Guides", parent=section)
    services.trash_article(article=section, author=bob)
    services.purge_article(article=section)
    assert not Article.objects.exists()


def test_revert_copies_old_content_into_a_new_revision(section, bob):
    original = section.body
    edit(section, bob, body="Vandalised\n")

    result = services.revert_article(article=section, number=1, author=bob)

    assert result.article.body == original
    assert result.article.revision_number == 3
    newest = result.article.revisions.first()
    assert (newest.kind, newest.revision.comment) == ("revert", "Reverted to revision 1")


def test_wiki_links_resolve_by_title_and_path_and_record_backlinks(section, make_article):
    page = make_article(
        "Setup", parent=section, body="See [[Engineering]] and [[engineering|home]]."
    )
    assert f'href="{section.get_absolute_url()}"' in page.body_html
    assert list(section.incoming_links.values_list("source_id", flat=True).distinct()) == [page.pk]


def test_creating_a_missing_article_fixes_links_that_pointed_at_it(make_article):
    page = make_article("Index", body="Read [[Style guide]].")
    assert "wikilink-missing" in page.body_html

    guide = make_article("Style guide")

    page.refresh_from_db()
    assert "wikilink-missing" not in page.body_html
    assert guide.get_absolute_url() in page.body_html


def test_trashing_an_article_marks_links_to_it_missing(make_article, bob):
    guide = make_article("Style guide")
    page = make_article("Index", body="Read [[Style guide]].")
    services.trash_article(article=guide, author=bob)
    page.refresh_from_db()
    assert "wikilink-missing" in page.body_html


def test_links_by_old_path_follow_a_move(section, make_article, bob):
    guides = make_article("Guides", parent=section)
    ops = make_article("Operations")
    page = make_article("Index", body="Read [[engineering/guides|the guides]].")

    services.move_article(article=guides, target=ops, position="last-child", author=bob)

    page.refresh_from_db()
    assert 'href="/wiki/operations/guides/"' in page.body_html


def test_nesting_deeper_than_the_limit_is_refused(make_article):
    from articles.models import MAX_DEPTH

    parent = None
    for level in range(MAX_DEPTH):
        parent = make_article(f"Level {level}", parent=parent)
    with pytest.raises(ValidationError, match="levels deep"):
        make_article("Too deep", parent=parent)
