"""Writes to the article tree: create, edit, move, trash, restore, purge, revert.

Each function is one transaction: an error leaves no half-changed article, no orphaned
revision and no dangling link row. Structural writes (anything that touches django-mptt's
tree fields or paths) are serialised by ``lock_tree`` because django-mptt computes new
lft/rght values from rows it read earlier and corrupts the tree under concurrent writers.
Content edits don't take that lock; they lock the article's own row instead.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max, Q, Value
from django.db.models.functions import Concat, Lower, Substr
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision, Version

from articles import access
from articles.diffs import three_way_merge
from articles.events import ArticleEvent
from articles.fragments import links_changed, tags_changed
from articles.markdown import LinkTarget, render_markdown
from articles.models import (
    MAX_DEPTH,
    MAX_PATH_LENGTH,
    Article,
    ArticleLink,
    ArticleRedirect,
    ArticleRevision,
    Tag,
    TagRedirect,
)
from articles.tree import bump_generation
from notifications import services as notifications_services
from notifications.mentions import link_mentions, mentioned_users
from review import services as review_services
from search.indexing import reindex

# Arbitrary constant naming Lore's one advisory lock for tree structure (PostgreSQL).
TREE_LOCK_KEY = 7_420_001
Kind = ArticleRevision.Kind


class EditConflict(Exception):
    """Someone else saved overlapping changes since the editor's base revision."""

    def __init__(self, *, current, base_body, mine_title, mine_body, mine_tags=None):
        super().__init__("overlapping edits")
        self.current = current
        self.base_body = base_body
        self.mine_title = mine_title
        self.mine_body = mine_body
        # The editor's tags as ``(name, slug)`` pairs, their changes already applied to the
        # saved tags (see ``_merged_tags``); None when the edit left tags alone.
        self.mine_tags = mine_tags


class TreeError(ValidationError):
    """A move, restore or create that would break the tree (cycle, clash, too deep)."""


@dataclass
class SaveResult:
    article: Article
    changed: bool
    merged: bool = False


# --- Rendering and links ----------------------------------------------------------------------


def link_key(target):
    return " ".join(target.strip().strip("/").split()).lower()[:MAX_PATH_LENGTH]


def resolve_wiki_links(targets):
    """Map wiki-link targets to live articles (or None) in two queries, whatever their number.

    A target matches, in order: an article's path, an article's title (case-insensitive), an
    old path that now redirects.
    """
    keys = {target: link_key(target) for target in targets}
    if not keys:
        return {}
    wanted = set(keys.values())
    by_path, by_title = {}, {}
    matches = (
        Article.objects.live()
        .annotate(title_key=Lower("title"))
        .filter(Q(path__in=wanted) | Q(title_key__in=wanted))
        .order_by("level", "path")
        .only("id", "path", "title")
    )
    for article in matches:
        by_path.setdefault(article.path, article)
        by_title.setdefault(article.title.lower(), article)
    missing = wanted - by_path.keys() - by_title.keys()
    redirects = {}
    if missing:
        redirects = {
            r.old_path: r.article
            for r in ArticleRedirect.objects.filter(
                old_path__in=missing, article__deleted_at__isnull=True
            ).select_related("article")
        }
    return {
        target: by_path.get(key) or by_title.get(key) or redirects.get(key)
        for target, key in keys.items()
    }


def missing_article_url(target):
    """Where a link to a missing article leads: the new-article form, pre-filled."""
    parent_path, _, title = link_key(target).rpartition("/")
    query = {"title": target.strip().strip("/").rpartition("/")[2] or title}
    if parent_path:
        query["parent"] = parent_path
    return f"{reverse('articles:new')}?{urlencode(query)}"


def render_body(body):
    """Render Markdown to (html, toc, {link_key: Article|None}) resolving wiki links once."""
    resolved = {}

    def resolve(targets):
        resolved.update(resolve_wiki_links(targets))
        return {
            target: LinkTarget(url=article.get_absolute_url(), exists=True)
            if article
            else LinkTarget(url=missing_article_url(target), exists=False)
            for target, article in resolved.items()
        }

    rendered = render_markdown(body, resolve_links=resolve)
    links = {link_key(target): article for target, article in resolved.items()}
    # @mentions become profile links (one query, none when the text mentions nobody).
    html = link_mentions(rendered.html, mentioned_users(body)) if "@" in body else rendered.html
    return html, rendered.toc, links


def _render_into(article):
    article.body_html, article.toc, links = render_body(article.body)
    return links


def _store_links(article, links):
    before = set(ArticleLink.objects.filter(source=article).values_list("target_id", flat=True))
    if before != {target.pk if target else None for key, target in links.items() if key}:
        links_changed()  # the targets' backlinks changed
    ArticleLink.objects.filter(source=article).delete()
    ArticleLink.objects.bulk_create(
        ArticleLink(source=article, target_key=key, target=target)
        for key, target in links.items()
        if key
    )


def _rerender_linkers(*, keys=(), target_ids=(), exclude_id=None):
    """Re-render pages whose wiki links point at something that just appeared, moved or left,
    so stored HTML never shows a live article as missing (or the reverse)."""
    condition = Q()
    if keys:
        condition |= Q(outgoing_links__target_key__in=list(keys))
    if target_ids:
        condition |= Q(outgoing_links__target_id__in=list(target_ids))
    if not condition:
        return
    linkers = Article.objects.live().filter(condition).exclude(pk=exclude_id).distinct()
    for linker in linkers:
        links = _render_into(linker)
        Article.objects.filter(pk=linker.pk).update(body_html=linker.body_html, toc=linker.toc)
        _store_links(linker, links)


# --- Revisions --------------------------------------------------------------------------------


def _record_revision(article, *, kind, user, summary="", size_before=None, detail=""):
    """Add one django-reversion revision of ``article`` with Lore's metadata beside it."""
    size = len(article.body)
    with reversion.create_revision(manage_manually=True):
        reversion.set_user(user)
        reversion.set_comment(summary[:500])
        reversion.add_to_revision(article)
        reversion.add_meta(
            ArticleRevision,
            article=article,
            number=article.revision_number,
            kind=kind,
            title=article.title,
            size=size,
            size_delta=size - (size if size_before is None else size_before),
            detail=detail,
        )


def _announce(article, *, kind, actor, previous_body=None, subtree_ids=None):
    """Tell the apps that react to changes (notifications, reviews), inside the transaction.

    Called explicitly rather than through signals, so every consequence of a write is
    visible from here.
    """
    event = ArticleEvent(
        article=article,
        actor=actor,
        kind=kind,
        revision=None if kind == "purge" else article.revision_number,
        previous_body=previous_body,
        subtree_ids=list(subtree_ids) if subtree_ids is not None else [article.pk],
    )
    notifications_services.on_article_event(event)
    review_services.on_article_event(event)
    return event


# --- Tags -------------------------------------------------------------------------------------


def _tags_for(names):
    """The Tags for these ``(name, slug)`` pairs (``Tag.parse_list``), creating missing ones.

    Creating ignores conflicts, so two people adding the same new tag at once both get the one
    tag (whoever wrote it first names it). Missing tags are inserted in slug order, so two
    writers adding the same new tags in different orders can't deadlock (PostgreSQL)."""
    slugs = [slug for _, slug in names]
    existing = {tag.slug: tag for tag in Tag.objects.filter(slug__in=slugs)}
    missing = sorted(
        (Tag(name=name, slug=slug) for name, slug in names if slug not in existing),
        key=lambda tag: tag.slug,
    )
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {tag.slug: tag for tag in Tag.objects.filter(slug__in=slugs)}
    return [existing[slug] for slug in slugs if slug in existing]


def _merged_tags(base_ids, current, mine):
    """The tags to save for an edit made from an older revision, like a merge of its text: the
    editor's additions and removals (``mine`` against the base revision's tags, ``base_ids``)
    applied to the ``current`` tags, so tags someone else added or removed meanwhile stay that
    way. ``(name, slug)`` pairs. Revisions recorded before tags were versioned don't know their
    tags (``base_ids`` None): then ``mine`` is taken as it is."""
    if base_ids is None:
        return mine
    base = set(Tag.objects.filter(pk__in=base_ids).values_list("slug", flat=True))
    mine_slugs = {slug for _, slug in mine}
    kept = [(tag.name, tag.slug) for tag in current if tag.slug not in base - mine_slugs]
    kept_slugs = {slug for _, slug in kept}
    added = [(name, slug) for name, slug in mine if slug not in base | kept_slugs]
    return kept + added


def _tag_change(before, after):
    """The history line for a change of tags (“Tags: +kubernetes −on-call”), or ""."""
    old, new = {tag.slug: tag for tag in before}, {tag.slug: tag for tag in after}
    added = [new[slug].name for slug in new if slug not in old]
    removed = [old[slug].name for slug in old if slug not in new]
    if not (added or removed):
        return ""
    return "Tags: " + " ".join([f"+{name}" for name in added] + [f"−{name}" for name in removed])


def tag_renamed(*, tag, old_slug):
    """After a tag's name changed (the admin): its articles' search documents hold the old
    name, and its old address must lead to it."""
    with transaction.atomic():
        if old_slug != tag.slug:
            _redirect_tag_slugs([old_slug], tag)
        reindex(tag.articles.values_list("pk", flat=True))
        tags_changed()


def _redirect_tag_slugs(old_slugs, tag):
    """``/tags/<old slug>/`` leads to ``tag`` from now on; its own slug redirects nowhere."""
    TagRedirect.objects.filter(old_slug=tag.slug).delete()
    for old_slug in old_slugs:
        TagRedirect.objects.update_or_create(old_slug=old_slug, defaults={"tag": tag})


def delete_tags(*, tags):
    """Take these tags off every article and delete them (the admin)."""
    with transaction.atomic():
        ids = set(
            Article.tags.through.objects.filter(tag__in=tags).values_list("article_id", flat=True)
        )
        Tag.objects.filter(pk__in=[tag.pk for tag in tags]).delete()
        reindex(ids)
        tags_changed()


def merge_tags(*, into, others):
    """Move every article tagged with one of ``others`` to ``into`` and delete ``others``
    (duplicates like “k8s” and “kubernetes”). Housekeeping, not an edit: no revisions."""
    others = [tag for tag in others if tag.pk != into.pk]
    if not others:
        return 0
    with transaction.atomic():
        Through = Article.tags.through
        ids = set(Through.objects.filter(tag__in=others).values_list("article_id", flat=True))
        have = set(Through.objects.filter(tag=into).values_list("article_id", flat=True))
        Through.objects.bulk_create(
            [Through(article_id=pk, tag_id=into.pk) for pk in sorted(ids - have)]
        )
        # Their addresses, and those that led to them, lead to the tag they became.
        TagRedirect.objects.filter(tag__in=others).update(tag=into)
        _redirect_tag_slugs([tag.slug for tag in others], into)
        Tag.objects.filter(pk__in=[tag.pk for tag in others]).delete()
        reindex(ids)
        tags_changed()
    return len(ids)


def _joined(*details):
    text = "; ".join(detail for detail in details if detail)
    limit = ArticleRevision._meta.get_field("detail").max_length
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- Structure helpers ------------------------------------------------------------------------


def lock_tree():
    """Serialise every structural write. SQLite needs nothing more: Lore opens its
    transactions IMMEDIATE, so writers already queue one at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TREE_LOCK_KEY])


def _fresh(article, *, for_update=False):
    """Re-read an article inside the transaction: mptt computes from the instance's tree
    fields, so a stale copy would corrupt the tree."""
    queryset = Article.objects.live()
    if for_update:
        queryset = queryset.select_for_update()
    try:
        return queryset.get(pk=article.pk)
    except Article.DoesNotExist:
        raise TreeError("That article no longer exists or is in the trash.") from None


def _check_place(*, slug, parent, moving=None):
    if slug.startswith("_"):
        raise TreeError("A slug can't start with “_”: those addresses are reserved for actions.")
    path = f"{parent.path}/{slug}" if parent else slug
    if len(path) > MAX_PATH_LENGTH:
        raise TreeError(f"That address would be longer than {MAX_PATH_LENGTH} characters.")
    height = _subtree_height(moving) if moving is not None else 0
    level = (parent.level + 1) if parent else 0
    if level + height >= MAX_DEPTH:
        raise TreeError(f"Articles can nest at most {MAX_DEPTH} levels deep.")
    clash = Article.objects.live().filter(path=path)
    if moving is not None:
        clash = clash.exclude(pk=moving.pk)
    if clash.exists():
        where = f"under “{parent.title}”" if parent else "at the top level"
        raise TreeError(f"An article with the address “{slug}” already exists {where}.")
    return path


def _subtree_height(node):
    deepest = node.get_descendants().live().aggregate(deepest=Max("level"))["deepest"]
    return 0 if deepest is None else deepest - node.level


def _repath_subtree(node, old_path, new_path):
    """Point the subtree at ``new_path`` and leave redirects behind for every old address."""
    subtree = Article.objects.filter(tree_id=node.tree_id, lft__gte=node.lft, rght__lte=node.rght)
    old_paths = list(subtree.values_list("id", "path"))
    subtree.update(path=Concat(Value(new_path), Substr("path", len(old_path) + 1)))
    ArticleRedirect.objects.bulk_create(
        [ArticleRedirect(old_path=path, article_id=pk) for pk, path in old_paths],
        update_conflicts=True,
        unique_fields=["old_path"],
        update_fields=["article"],
    )
    # An address that is live again must not also redirect.
    ArticleRedirect.objects.filter(
        old_path__in=[new_path + path[len(old_path) :] for _, path in old_paths]
    ).delete()
    return [path for _, path in old_paths]


def _tree_changed():
    """Cached sidebars show titles and structure: drop them now, and again once this write is
    committed (a reader could re-cache the old tree while the transaction is still open)."""
    bump_generation()
    transaction.on_commit(bump_generation)


# --- Public operations ------------------------------------------------------------------------


def check_body(body):
    limit = settings.LORE_MAX_BODY_CHARS
    if len(body) > limit:
        raise ValidationError(
            f"The text is {len(body):,} characters long; the limit is {limit:,}. "
            "Nothing was saved; split it into several articles."
        )


def create_article(*, title, body, author, parent=None, slug="", summary="", tags=None):
    """A new article with its first revision. ``tags``: ``(name, slug)`` pairs from
    ``Tag.parse_list`` (missing tags are created), or None for none."""
    from articles.models import slug_for

    check_body(body)
    slug = slug or slug_for(title)
    with transaction.atomic():
        lock_tree()
        parent = _fresh(parent) if parent else None
        path = _check_place(slug=slug, parent=parent)
        now = timezone.now()
        article = Article(
            parent=parent,
            title=title,
            slug=slug,
            path=path,
            body=body,
            created_by=author,
            updated_by=author,
            created_at=now,
            updated_at=now,
            revision_number=1,
            # A new article has no restriction of its own: it inherits its parent's.
            read_root_id=parent.read_root_id if parent else None,
            edit_root_id=parent.edit_root_id if parent else None,
        )
        links = _render_into(article)
        article.save()
        chosen = _tags_for(tags) if tags else []
        article.tags.set(chosen)
        _record_revision(
            article,
            kind=Kind.CREATE,
            user=author,
            summary=summary,
            size_before=0,
            detail=_tag_change([], chosen),
        )
        _announce(article, kind=Kind.CREATE, actor=author, previous_body="")
        _store_links(article, links)
        _rerender_linkers(keys={title.lower(), path}, exclude_id=article.pk)
        reindex([article.pk])
        _tree_changed()
    return article


def edit_article(*, article, base_revision, title, body, author, summary="", slug=None, tags=None):
    """Save an edit made from ``base_revision``; never silently overwrite a newer one.

    If someone saved since, non-overlapping changes are merged (``merged=True``) and
    overlapping ones raise ``EditConflict`` carrying everything needed to show both texts.
    ``tags``: the article's tags from now on, as ``(name, slug)`` pairs (``Tag.parse_list``),
    or None to leave them unchanged. A change of tags alone is a revision too (kind edit, the
    change in its detail). From an older revision, the tags added and removed since it are
    applied to the tags saved now (see ``_merged_tags``), so nobody's tags are lost.
    """
    check_body(body)
    with transaction.atomic():
        if slug is not None and slug != article.slug:
            lock_tree()
        # The row lock makes the second of two simultaneous saves wait, then see the first.
        current = _fresh(article, for_update=True)
        old_tags = list(current.tags.all()) if tags is not None else None
        merged = False
        if current.revision_number != base_revision:
            base = current.version_for(base_revision).field_dict
            if tags is not None:
                tags = _merged_tags(base.get("tags"), old_tags, tags)

            def conflict():
                return EditConflict(
                    current=current,
                    base_body=base["body"],
                    mine_title=title,
                    mine_body=body,
                    mine_tags=tags,
                )

            if title == base["title"]:
                title = current.title
            elif current.title not in (base["title"], title):
                raise conflict()
            if body != current.body and current.body != base["body"]:
                result = three_way_merge(base["body"], body, current.body)
                if result.conflicted:
                    raise conflict()
                body, merged = result.text, result.text != body
            elif body == base["body"]:
                body = current.body
        slug = current.slug if slug is None else slug
        new_tags = _tags_for(tags) if tags is not None else None
        tag_detail = _tag_change(old_tags, new_tags) if tags is not None else ""
        if (title, body, slug) == (current.title, current.body, current.slug) and not tag_detail:
            return SaveResult(article=current, changed=False)

        old_title, old_path, old_body = current.title, current.path, current.body
        size_before = len(old_body)
        kind = Kind.MERGE if merged else Kind.EDIT
        detail = ""
        if slug != current.slug:
            new_path = _check_place(slug=slug, parent=current.parent, moving=current)
            _repath_subtree(current, old_path, new_path)
            current.path = new_path
            detail = f"{old_path} → {new_path}"
            if body == current.body and title == current.title:
                kind = Kind.RENAME
        elif title != current.title and body == current.body:
            kind = Kind.RENAME
            detail = f"“{old_title}” → “{title}”"

        current.title, current.body, current.slug = title, body, slug
        current.revision_number += 1
        current.updated_by, current.updated_at = author, timezone.now()
        links = _render_into(current)
        current.save()
        if tag_detail:
            current.tags.set(new_tags)
            if kind == Kind.RENAME:
                kind = Kind.EDIT  # renamed and retagged: more than a rename
        _record_revision(
            current,
            kind=kind,
            user=author,
            summary=summary,
            size_before=size_before,
            detail=_joined(detail, tag_detail),
        )
        _announce(
            current, kind=kind, actor=author, previous_body=None if body == old_body else old_body
        )
        _store_links(current, links)
        if title != old_title or current.path != old_path:
            _tree_changed()
            _rerender_linkers(
                keys={old_title.lower(), title.lower(), old_path, current.path},
                exclude_id=current.pk,
            )
        reindex([current.pk])
    return SaveResult(article=current, changed=True, merged=merged)


def revert_article(*, article, number, author):
    """Make revision ``number``'s content current again, as a new revision."""
    old = article.version_for(number).field_dict
    with transaction.atomic():
        current = _fresh(article, for_update=True)
        old_tags = new_tags = list(current.tags.all())
        if old.get("tags") is not None:
            # The tags that revision had, those that still exist (revisions recorded before
            # tags were versioned don't know theirs: the tags stay as they are).
            new_tags = list(Tag.objects.filter(pk__in=old["tags"]))
        tag_detail = _tag_change(old_tags, new_tags)
        if (old["title"], old["body"]) == (current.title, current.body) and not tag_detail:
            return SaveResult(article=current, changed=False)
        if tag_detail:
            current.tags.set(new_tags)
        old_body = current.body
        size_before = len(old_body)
        current.title, current.body = old["title"], old["body"]
        current.revision_number += 1
        current.updated_by, current.updated_at = author, timezone.now()
        links = _render_into(current)
        current.save()
        _record_revision(
            current,
            kind=Kind.REVERT,
            user=author,
            summary=f"Reverted to revision {number}",
            size_before=size_before,
            detail=tag_detail,
        )
        _announce(
            current,
            kind=Kind.REVERT,
            actor=author,
            previous_body=None if current.body == old_body else old_body,
        )
        _store_links(current, links)
        reindex([current.pk])
        _tree_changed()
    return SaveResult(article=current, changed=True)


MOVE_POSITIONS = {"first-child", "last-child", "left", "right"}


def move_article(*, article, target, position, author):
    """Move ``article`` and its subtree relative to ``target`` (None: to the top level).

    ``position`` is one of django-mptt's: first-child, last-child (under target), left,
    right (beside target, i.e. reordering among its siblings).
    """
    if position not in MOVE_POSITIONS:
        raise TreeError("Choose where to put the article.")
    with transaction.atomic():
        lock_tree()
        node = _fresh(article, for_update=True)
        target = _fresh(target) if target else None
        if target is not None and (
            target.pk == node.pk
            or (target.tree_id == node.tree_id and node.lft < target.lft < node.rght)
        ):
            raise TreeError(
                "An article can't be moved under itself or one of its own sub-articles."
            )
        if target is None:
            new_parent, position = None, "last-child"
        elif position in {"first-child", "last-child"}:
            new_parent = target
        else:
            new_parent = target.parent
        new_path = _check_place(slug=node.slug, parent=new_parent, moving=node)
        old_path = node.path
        old_parent_id = node.parent_id
        if target is None:
            if node.parent_id is None:
                return SaveResult(article=node, changed=False)
            node.move_to(None)
        else:
            node.move_to(target, position)
        node = Article.objects.get(pk=node.pk)
        if node.parent_id != old_parent_id:
            access.refresh_roots(node)
            node.refresh_from_db(fields=["read_root", "edit_root"])
        if new_path != old_path:
            _repath_subtree(node, old_path, new_path)
            node.path = new_path
        node.revision_number += 1
        node.updated_by, node.updated_at = author, timezone.now()
        Article.objects.filter(pk=node.pk).update(
            revision_number=node.revision_number,
            updated_by=author,
            updated_at=node.updated_at,
        )
        moved = new_path != old_path or node.parent_id != old_parent_id
        _record_revision(
            node,
            kind=Kind.MOVE,
            user=author,
            summary="Moved" if moved else "Reordered",
            detail=f"{old_path} → {new_path}" if moved else "",
        )
        _announce(node, kind=Kind.MOVE, actor=author)
        if new_path != old_path:
            _rerender_linkers(keys={old_path, new_path}, exclude_id=node.pk)
        _tree_changed()
    return SaveResult(article=node, changed=True)


def trash_article(*, article, author):
    """Move an article and everything under it to the trash (restorable)."""
    with transaction.atomic():
        lock_tree()
        node = _fresh(article, for_update=True)
        now = timezone.now()
        subtree = node.get_descendants(include_self=True).live()
        ids = list(subtree.values_list("id", flat=True))
        subtree.update(deleted_at=now, deleted_by=author, deleted_with=node)
        node.revision_number += 1
        Article.objects.filter(pk=node.pk).update(revision_number=node.revision_number)
        node.deleted_at = now
        _record_revision(node, kind=Kind.DELETE, user=author, summary="Moved to the trash")
        _announce(node, kind=Kind.DELETE, actor=author, subtree_ids=ids)
        _rerender_linkers(target_ids=ids)
        reindex(ids)
        _tree_changed()
    return node


def restore_article(*, article, author):
    """Bring a trashed article back where it was, with the subtree deleted with it."""
    with transaction.atomic():
        lock_tree()
        node = Article.objects.select_for_update().in_trash().get(pk=article.pk)
        if node.parent_id and node.parent.deleted_at is not None:
            raise TreeError(
                f"It was under “{node.parent.title}”, which is in the trash too. "
                "Restore that first."
            )
        batch = Article.objects.filter(deleted_with=node)
        paths = list(batch.values_list("path", flat=True))
        clash = Article.objects.live().filter(path__in=paths).first()
        if clash is not None:
            raise TreeError(
                f"“{clash.title}” now lives at /{clash.path}/. Rename or move it first."
            )
        titles = [t.lower() for t in batch.values_list("title", flat=True)]
        ids = list(batch.values_list("id", flat=True))
        batch.update(deleted_at=None, deleted_by=None, deleted_with=None)
        node.deleted_at = node.deleted_by = node.deleted_with = None
        node.revision_number += 1
        node.updated_by, node.updated_at = author, timezone.now()
        Article.objects.filter(pk=node.pk).update(
            revision_number=node.revision_number, updated_by=author, updated_at=node.updated_at
        )
        _record_revision(node, kind=Kind.RESTORE, user=author, summary="Restored from the trash")
        _announce(node, kind=Kind.RESTORE, actor=author, subtree_ids=ids)
        _rerender_linkers(keys=set(paths) | set(titles))
        reindex(ids)
        _tree_changed()
    return node


def purge_article(*, article):
    """Delete a trashed article and its subtree for good (admins only), with every stored
    version of them: a purge is for what must not be kept (a leaked secret, personal data),
    so django-reversion's copies, which its admin could recover, go too."""
    with transaction.atomic():
        lock_tree()
        node = Article.objects.in_trash().get(pk=article.pk)
        ids = list(node.get_descendants(include_self=True).values_list("id", flat=True))
        _announce(node, kind="purge", actor=None, subtree_ids=ids)
        _delete_stored_versions(ids)
        node.delete()
        reindex(ids)
        _tree_changed()


def _delete_stored_versions(article_ids):
    """Delete reversion's versions of these articles, and their revisions once nothing else
    is left in them (the edit summaries went with the articles)."""
    versions = Version.objects.get_for_model(Article).filter(
        object_id__in=[str(pk) for pk in article_ids]
    )
    revision_ids = set(versions.values_list("revision_id", flat=True))
    versions.delete()
    Revision.objects.filter(pk__in=revision_ids, version__isnull=True).delete()


def set_restriction(*, article, read_users, read_groups, edit_users, edit_groups, author):
    """Restrict who may read and edit ``article``'s subtree (empty lists lift the limits)."""
    from articles.models import Restriction

    with transaction.atomic():
        lock_tree()
        node = _fresh(article, for_update=True)
        restriction, _ = Restriction.objects.get_or_create(article=node)
        restriction.read_users.set(read_users)
        restriction.read_groups.set(read_groups)
        restriction.edit_users.set(edit_users)
        restriction.edit_groups.set(edit_groups)
        restriction.updated_by = author
        restriction.save()
        restriction.sync_limits()
        if not (restriction.limits_read or restriction.limits_edit):
            restriction.delete()
        access.refresh_roots(node)
        _tree_changed()
    return restriction
