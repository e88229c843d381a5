"""``manage.py seed_demo``: demo logins, a demo knowledge base with history, and a bulk-loaded
corpus whose tree, revisions and HTML are as good as what the services write."""

import io
import json
import random

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F
from reversion.models import Version

from accounts.models import User
from articles import bulk, services
from articles.demo_content import (
    DEFAULT_ADMIN_PASSWORD,
    DEMO_ARTICLES,
    EMPLOYEE_PASSWORD,
    EMPLOYEES,
    CorpusWriter,
)
from articles.markdown import render_markdown
from articles.models import Article, ArticleLink, ArticleRevision
from search.models import SearchDocument
from tests.conftest import restrict_reading

EMPLOYEE_NAMES = [employee["username"] for employee in EMPLOYEES]


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def counts():
    return {
        "users": User.objects.count(),
        "articles": Article.objects.count(),
        "revisions": ArticleRevision.objects.count(),
        "versions": Version.objects.count(),
        "links": ArticleLink.objects.count(),
    }


def corpus_articles():
    tree_ids = [section.tree_id for section in bulk.corpus_sections().values()]
    return Article.objects.filter(tree_id__in=tree_ids)


def assert_valid_tree():
    """Every tree field agrees with the parent links, exactly as django-mptt would number it."""
    rows = {
        row[0]: row
        for row in Article.objects.values_list(
            "pk", "parent_id", "tree_id", "lft", "rght", "level", "path", "slug"
        )
    }
    children = {}
    for _pk, parent_id, tree_id, lft, rght, level, path, slug in rows.values():
        assert lft < rght
        if parent_id is None:
            assert (lft, level, path) == (1, 0, slug)
            continue
        _, _, parent_tree, parent_lft, parent_rght, parent_level, parent_path, _ = rows[parent_id]
        assert tree_id == parent_tree
        assert parent_lft < lft < rght < parent_rght
        assert level == parent_level + 1
        assert path == f"{parent_path}/{slug}"
        children.setdefault(parent_id, []).append((lft, rght))
    for spans in children.values():
        spans.sort()
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))
    roots = [row for row in rows.values() if row[1] is None]
    assert len({row[2] for row in roots}) == len(roots), "two trees share a tree_id"

    before = {pk: (row[2], row[3], row[4], row[5]) for pk, row in rows.items()}
    with transaction.atomic():
        for root in roots:
            Article.objects.partial_rebuild(root[2])
        rebuilt = {
            pk: (tree_id, lft, rght, level)
            for pk, tree_id, lft, rght, level in Article.objects.values_list(
                "pk", "tree_id", "lft", "rght", "level"
            )
        }
        transaction.set_rollback(True)
    assert rebuilt == before


@pytest.fixture
def seeded(db):
    return seed()


# --- People ------------------------------------------------------------------------------------


def test_it_creates_an_admin_with_the_documented_password(seeded):
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(DEFAULT_ADMIN_PASSWORD)


def test_it_creates_employees_with_names_job_titles_and_teams(seeded):
    employees = User.objects.filter(username__in=EMPLOYEE_NAMES)
    assert employees.count() == len(EMPLOYEES) >= 5
    for employee in employees:
        assert employee.check_password(EMPLOYEE_PASSWORD)
        assert employee.display_name and employee.job_title and employee.team
        assert not employee.is_staff and not employee.is_superuser


def test_it_prints_the_address_and_every_login(seeded):
    assert "http://127.0.0.1:8000/" in seeded
    assert f"admin / {DEFAULT_ADMIN_PASSWORD}" in seeded
    assert f"{', '.join(EMPLOYEE_NAMES)} / {EMPLOYEE_PASSWORD}" in seeded


def test_the_admin_password_can_be_chosen(db):
    output = seed("--admin-password", "correct-horse-battery-staple")
    assert User.objects.get(username="admin").check_password("correct-horse-battery-staple")
    assert "admin / correct-horse-battery-staple" in output


def test_it_refuses_a_weak_admin_password(db):
    with pytest.raises(CommandError, match="too short"):
        seed("--admin-password", "abc")
    assert not User.objects.exists()


def test_it_leaves_an_existing_admin_and_its_password_alone(db):
    User.objects.create_user("admin", password="the-real-admin-secret", is_superuser=True)
    output = seed()
    assert User.objects.get(username="admin").check_password("the-real-admin-secret")
    assert DEFAULT_ADMIN_PASSWORD not in output
    assert "admin / (unchanged" in output


# --- The demo knowledge base -------------------------------------------------------------------


def test_it_creates_a_few_dozen_articles_in_five_sections(seeded):
    assert Article.objects.count() == len(DEMO_ARTICLES) >= 40
    sections = Article.objects.sections().values_list("title", flat=True)
    assert set(sections) == {"Handbook", "Engineering", "People & HR", "Product", "Support"}
    assert Article.objects.filter(level=2).exists()


def test_every_scripted_edit_applies_to_the_text_it_edits():
    for spec in DEMO_ARTICLES:
        assert len(list(spec.revisions())) == len(spec.edits)


def test_several_articles_have_a_history_by_different_people(seeded):
    runbook = Article.objects.get(path="engineering/deploy-runbook")
    history = list(runbook.revisions.select_related("revision__user"))
    assert [meta.number for meta in history] == [4, 3, 2, 1]
    assert {meta.revision.user.username for meta in history} == {"alice", "bob", "emeka"}
    assert history[2].revision.comment == "Add rollback steps"
    assert "## Rolling back" in runbook.body
    assert history[0].revision.date_created > history[-1].revision.date_created
    with_history = Article.objects.filter(revision_number__gte=2).count()
    assert with_history >= 8
    assert Article.objects.filter(revision_number__gt=4).count() == 0


def test_demo_articles_use_every_markdown_feature(seeded):
    html = "".join(Article.objects.values_list("body_html", flat=True))
    assert "<table>" in html
    assert 'class="highlight"' in html and "language-python" in html
    assert 'type="checkbox"' in html
    assert 'class="wikilink"' in html
    runbook = Article.objects.get(path="engineering/deploy-runbook")
    assert [entry["text"] for entry in runbook.toc][:2] == ["Before you deploy", "Deploying"]
    assert 'href="/wiki/engineering/incident-response/"' in runbook.body_html


def test_exactly_one_wiki_link_points_at_a_missing_article(seeded):
    missing = ArticleLink.objects.filter(target__isnull=True)
    assert list(missing.values_list("target_key", flat=True)) == ["data retention schedule"]
    assert Article.objects.get(path="engineering/security").body_html.count("wikilink-missing") == 1
    assert ArticleLink.objects.filter(target__isnull=False).count() > 50


def test_a_renamed_demo_article_is_linked_by_its_new_title(seeded):
    holidays = Article.objects.get(path="people/time-off")
    assert holidays.title == "Holidays and time off"
    assert ArticleLink.objects.filter(target=holidays, source__path="handbook/who-to-ask").exists()


# --- Running it again --------------------------------------------------------------------------


def test_running_it_twice_changes_nothing(seeded):
    before = counts()
    stamps = dict(Article.objects.values_list("pk", "updated_at"))
    output = seed()
    assert counts() == before
    assert dict(Article.objects.values_list("pk", "updated_at")) == stamps
    assert "already" in output


def test_a_trashed_or_moved_demo_article_is_not_brought_back(seeded):
    admin = User.objects.get(username="admin")
    services.trash_article(article=Article.objects.get(path="product/glossary"), author=admin)
    services.move_article(
        article=Article.objects.get(path="support/refunds"),
        target=Article.objects.get(path="people"),
        position="last-child",
        author=admin,
    )
    before = counts()
    seed()
    assert counts() == before
    assert not Article.objects.live().filter(path__in=["product/glossary", "support/refunds"])


# --- The generated corpus ----------------------------------------------------------------------


@pytest.fixture
def corpus(seeded):
    before = Article.objects.count()
    output = seed("--articles", "300")
    return before, output


def test_articles_adds_that_many_articles_in_a_valid_tree(corpus):
    before, output = corpus
    assert Article.objects.count() == before + 300
    assert corpus_articles().count() == 300
    assert "added 300 articles" in output and "articles/s" in output
    assert_valid_tree()


def test_the_corpus_is_several_levels_deep_in_twenty_sections(corpus):
    assert len(bulk.corpus_sections()) == 20
    assert corpus_articles().order_by("-level").values_list("level", flat=True)[0] >= 4


def test_sibling_titles_and_live_paths_are_unique(corpus):
    rows = list(corpus_articles().values_list("parent_id", "title", "path"))
    assert len({(parent, title.lower()) for parent, title, _ in rows}) == len(rows)
    assert Article.objects.live().values("path").distinct().count() == Article.objects.count()


def test_each_corpus_article_has_one_create_revision(corpus):
    articles = corpus_articles()
    metas = ArticleRevision.objects.filter(article__in=articles)
    assert metas.count() == articles.count() == 300
    assert set(metas.values_list("number", "kind")) == {(1, "create")}
    assert not articles.exclude(revision_number=1).exists()
    bulk_loaded = metas.filter(revision__comment="Imported").count()
    assert bulk_loaded == 280  # the 20 section pages were written through services
    assert Version.objects.get_for_model(Article).count() == ArticleRevision.objects.count()


def test_a_corpus_article_has_rendered_html_and_a_readable_history(corpus):
    article = corpus_articles().filter(level=3).select_related("created_by").first()
    rendered = render_markdown(article.body)
    assert article.body_html == rendered.html and article.body_html.startswith("<p>")
    assert article.toc == rendered.toc
    assert len(article.body.split()) >= 200
    version = article.version_for(1)
    assert version.field_dict["body"] == article.body
    assert version.field_dict["title"] == article.title
    assert version.revision.user == article.created_by
    assert json.loads(version.serialized_data)[0]["pk"] == article.pk
    meta = version.revision.article_meta
    assert meta.size == meta.size_delta == len(article.body)


def test_stored_versions_are_byte_for_byte_what_reversion_would_store(corpus):
    article = corpus_articles().filter(level=2).first()
    article.title, article.body = "Über “quotes” & <tags>", 'Ünïcödé \\ "body"\n'
    expected = serializers.serialize("json", [article], fields=("title", "slug", "body"))
    assert bulk.serialized_version(article) == expected


def test_every_bulk_loaded_article_is_searchable(corpus):
    imported = corpus_articles().filter(revisions__revision__comment="Imported")
    indexed = SearchDocument.objects.filter(article__in=imported)
    assert indexed.count() == imported.count() == 280
    document = indexed.select_related("article").first()
    assert document.title_text == document.article.title
    assert document.body_text.split()[0] in document.article.body


def test_services_keep_working_on_the_bulk_loaded_tree(corpus):
    admin = User.objects.get(username="admin")
    deep = corpus_articles().filter(level=3).first()
    child = services.create_article(title="Added by hand", body="Hello.", author=admin, parent=deep)
    other_section = corpus_articles().filter(level=0).exclude(tree_id=deep.tree_id).first()
    subtree = corpus_articles().filter(level=1, rght__gt=F("lft") + 1).first()  # has children
    services.move_article(
        article=subtree, target=other_section, position="first-child", author=admin
    )
    services.edit_article(
        article=deep, base_revision=1, title=deep.title, body="Rewritten.", author=admin
    )
    services.revert_article(article=deep, number=1, author=admin)
    services.trash_article(article=child, author=admin)
    assert Article.objects.get(pk=deep.pk).body == deep.body
    assert_valid_tree()


def test_running_articles_again_adds_nothing(corpus):
    before = counts()
    output = seed("--articles", "300")
    assert counts() == before
    assert "nothing to do" in output


def test_a_larger_number_tops_up_the_corpus(corpus):
    seed("--articles", "420")
    assert corpus_articles().count() == 420
    assert_valid_tree()
    assert ArticleRevision.objects.filter(article__in=corpus_articles()).count() == 420


def test_the_same_seed_generates_the_same_corpus(corpus):
    first = set(corpus_articles().values_list("path", "body"))
    for section in bulk.corpus_sections().values():
        section.delete()
    seed("--articles", "300")
    assert set(corpus_articles().values_list("path", "body")) == first


def test_a_different_seed_generates_a_different_corpus(corpus):
    first = set(corpus_articles().values_list("path", flat=True))
    for section in bulk.corpus_sections().values():
        section.delete()
    seed("--articles", "300", "--seed", "7")
    assert set(corpus_articles().values_list("path", flat=True)) != first


def test_topping_up_writes_a_thousand_articles_in_a_few_dozen_queries(
    corpus, django_assert_max_num_queries
):
    with django_assert_max_num_queries(100):
        seed("--articles", "1300")
    assert corpus_articles().count() == 1300


def test_generated_text_mixes_common_and_rare_words():
    words = []
    for index in range(40):
        writer = CorpusWriter(random.Random(f"test:{index}"))
        words += writer.body(400).lower().split()
    frequency = {}
    for word in words:
        frequency[word] = frequency.get(word, 0) + 1
    assert max(frequency.values()) > 300
    assert sum(1 for count in frequency.values() if count == 1) > 100
    assert CorpusWriter(random.Random(1)).body(300) == CorpusWriter(random.Random(1)).body(300)


def test_topped_up_articles_inherit_their_sections_restriction(corpus):
    admin = User.objects.get(username="admin")
    section = bulk.corpus_sections()["corpus-logistics"]
    restrict_reading(section, users=[admin], author=admin)
    old = set(corpus_articles().values_list("pk", flat=True))
    seed("--articles", "600")
    new = corpus_articles().exclude(pk__in=old)
    assert new.filter(tree_id=section.tree_id).exists()
    assert not new.filter(tree_id=section.tree_id).exclude(read_root=section).exists()
    assert not new.exclude(tree_id=section.tree_id).exclude(read_root=None).exists()


def test_it_explains_why_it_cant_add_to_a_corpus_that_is_all_in_the_trash(corpus):
    admin = User.objects.get(username="admin")
    for section in bulk.corpus_sections().values():
        services.trash_article(article=section, author=admin)
    with pytest.raises(CommandError, match="in the trash"):
        seed("--articles", "400")
