"""The article tree, its revisions' metadata, redirects and wiki links.

Bodies are rendered to HTML once, when saved (``Article.body_html``), never per request.
"""

import functools
import re
import unicodedata

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.text import slugify
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet
from reversion.models import Revision, Version

from articles import access

MAX_DEPTH = 25
MAX_PATH_LENGTH = 1000
MAX_SLUG_LENGTH = 100


@functools.cache
def wiki_prefix():
    return reverse("articles:index")


def slug_for(title):
    """A URL slug for a title: Unicode letters are kept (``Über uns`` → ``über-uns``)."""
    slug = slugify(title, allow_unicode=True)[:MAX_SLUG_LENGTH].strip("-_")
    return slug or "article"


class ArticleQuerySet(TreeQuerySet):
    def live(self):
        return self.filter(deleted_at__isnull=True)

    def visible_to(self, user):
        """Every read of articles goes through here, so access rules live in one place."""
        return self.live().readable_by(user)

    def editable_by(self, user):
        return self.live().writable_by(user)

    def readable_by(self, user):
        """Access rules without the live filter (the trash needs them too)."""
        return self.filter(access.readable_q(user))

    def writable_by(self, user):
        return self.filter(access.editable_q(user))

    def in_trash(self):
        """The articles someone deleted (the roots of each deleted subtree)."""
        return self.filter(deleted_at__isnull=False, deleted_with=models.F("pk"))

    def sections(self):
        return self.filter(parent__isnull=True)


ArticleManager = TreeManager.from_queryset(ArticleQuerySet)


class Article(MPTTModel):
    parent = TreeForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=MAX_SLUG_LENGTH, allow_unicode=True)
    # Denormalised "section/sub/page" so a URL resolves with one indexed lookup, whatever the
    # depth. Kept in step by services.move_article / rename, one UPDATE per subtree.
    path = models.CharField(max_length=MAX_PATH_LENGTH, editable=False)
    body = models.TextField(blank=True)
    body_html = models.TextField(blank=True, editable=False)
    toc = models.JSONField(default=list, blank=True, editable=False)
    revision_number = models.PositiveIntegerField(default=0, editable=False)
    # Visible comments (not removed or hidden), kept by discussion.services so article
    # pages and listings show counts without a query per row.
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    # Comments a moderator hid (not removed): their authors and moderators still see them,
    # so a page whose comment_count is 0 reads its discussion only when this isn't 0 either.
    hidden_comment_count = models.PositiveIntegerField(default=0, editable=False)
    # Chosen while editing; changed only through services.create_article/edit_article, which
    # record the change in the revision and reindex search (tag names are searchable).
    tags = models.ManyToManyField("Tag", blank=True, related_name="articles")

    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles_created"
    )
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles_updated"
    )

    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # Every article trashed together points at the one the user deleted, so a restore
    # brings back exactly that subtree.
    deleted_with = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    # Nearest ancestor-or-self with a read (edit) restriction; see articles/access.py.
    read_root = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    edit_root = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    objects = ArticleManager()

    class MPTTMeta:
        order_insertion_by = None

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["path"],
                condition=Q(deleted_at__isnull=True),
                name="article_live_path_unique",
            ),
        ]
        indexes = [
            models.Index(Lower("title"), name="article_title_lower_idx"),
            models.Index(fields=["parent", "lft"], name="article_children_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        # Called for every row of every listing: format from the prefix instead of reverse(),
        # which cost 15% of an article page.
        return iri_to_uri(f"{wiki_prefix()}{self.path}/")

    def action_url(self, action):
        return reverse(f"articles:{action}", kwargs={"path": self.path})

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    def version_for(self, number):
        """The django-reversion Version holding this article's content at revision ``number``."""
        return (
            Version.objects.get_for_object(self)
            .select_related("revision__user", "revision__article_meta")
            .get(revision__article_meta__number=number)
        )

    @staticmethod
    def content_type():
        return ContentType.objects.get_for_model(Article)


class ArticleRevision(models.Model):
    """What happened in one django-reversion revision of an article.

    Stored beside reversion's own row (via ``reversion.add_meta``) so history pages list
    kinds, sizes and titles without deserialising every stored version.
    """

    class Kind(models.TextChoices):
        CREATE = "create", "Created"
        EDIT = "edit", "Edited"
        MERGE = "merge", "Edited (merged)"
        REVERT = "revert", "Reverted"
        RENAME = "rename", "Renamed"
        MOVE = "move", "Moved"
        DELETE = "delete", "Deleted"
        RESTORE = "restore", "Restored"

    revision = models.OneToOneField(Revision, on_delete=models.CASCADE, related_name="article_meta")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.EDIT)
    title = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    size_delta = models.IntegerField(default=0)
    detail = models.CharField(max_length=MAX_PATH_LENGTH * 2 + 20, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="article_revision_number")
        ]

    def __str__(self):
        return f"{self.title} r{self.number}"

    @property
    def is_content_change(self):
        return self.kind in {self.Kind.CREATE, self.Kind.EDIT, self.Kind.MERGE, self.Kind.REVERT}


class ArticleRedirect(models.Model):
    """An old path of a renamed or moved article; requests for it redirect permanently."""

    old_path = models.CharField(max_length=MAX_PATH_LENGTH, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_path} → {self.article_id}"


class ArticleLink(models.Model):
    """A wiki link written in ``source``'s body, resolved or still missing.

    ``target_key`` is the normalised, lower-cased link text, so creating or renaming an article
    finds the pages whose links it now satisfies (and re-renders them) with one indexed query.
    """

    source = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="outgoing_links")
    target_key = models.CharField(max_length=MAX_PATH_LENGTH, db_index=True)
    target = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="incoming_links"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target_key"], name="article_link_unique")
        ]

    def __str__(self):
        return f"{self.source_id} → {self.target_key}"


MAX_TAGS = 20
MAX_TAG_CHARS = 50
# Besides letters, marks and digits of any script: spaces, hyphens, underscores, dots ("node.js").
_TAG_PUNCTUATION = " -_."
_TAG_SEPARATORS = re.compile(r"[-\s]+")


def _tag_char(char):
    return char in _TAG_PUNCTUATION or unicodedata.category(char)[0] in "LMN"


def tag_slug(text):
    """A tag's identity for what was typed: compatibility-normalised, lower-cased, runs of
    spaces and hyphens made one hyphen, dots and other symbols dropped (“Node.js” → “nodejs”,
    “On call” → “on-call”). Like Django's ``slugify``, but keeping combining marks, without
    which Devanagari, Thai or Tamil words lose their vowels (“हिन्दी” would be “हनद”)."""
    text = unicodedata.normalize("NFKC", str(text)).lower()
    kept = "".join(char for char in text if char.isspace() or (_tag_char(char) and char != "."))
    return _TAG_SEPARATORS.sub("-", kept).strip("-_")


class TagQuerySet(models.QuerySet):
    def with_visible_counts(self, user):
        """Tags on at least one article ``user`` may read, each with ``article_count``: how
        many of those it is on. Counted through ``visible_to`` in one query, so a hidden or
        trashed article never shows in a count (nor a tag that only hidden articles carry)."""
        return (
            self.filter(articles__in=Article.objects.visible_to(user).order_by().values("pk"))
            .annotate(article_count=models.Count("articles"))
            .alphabetical()
        )

    def alphabetical(self):
        """The default order (``Tag.Meta.ordering``), again after another ``order_by``."""
        return self.order_by("slug")


class Tag(models.Model):
    """A label on articles. ``name`` is shown as first written (“PostgreSQL”); ``slug`` is its
    normalised form (“postgresql”) and its identity: typing “postgresql” or “PostgreSQL” again
    finds the same tag."""

    name = models.CharField(max_length=MAX_TAG_CHARS)
    slug = models.SlugField(max_length=MAX_TAG_CHARS, allow_unicode=True, unique=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        # By slug: alphabetical whatever the case, on every database and collation (“apple”,
        # “Kubernetes”, “PostgreSQL”; by name, C collations put capitals first).
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="tag_name_unique_ci"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})

    @staticmethod
    def normalise(text):
        """``(name, slug)`` for a tag as typed: whitespace trimmed and collapsed, the slug
        lower-cased. Raises ``ValidationError`` (saying which tag and why) for a bad one."""
        # NFC: "café" pasted with a separate accent is the same name as "café" typed.
        name = unicodedata.normalize("NFC", " ".join(str(text).split()))
        if not name:
            raise ValidationError("A tag can't be empty.")
        slug = tag_slug(name)
        if max(len(name), len(slug)) > MAX_TAG_CHARS:  # "ﬃ" is one character, "ffi" three
            raise ValidationError(
                f"“{name[:MAX_TAG_CHARS]}…” is too long: a tag has at most {MAX_TAG_CHARS} "
                "characters."
            )
        if not all(_tag_char(char) for char in name):
            raise ValidationError(
                f"“{name}”: a tag may contain letters, digits, spaces, hyphens, underscores "
                "and dots."
            )
        if not any(char.isalnum() for char in slug):
            raise ValidationError(f"“{name}”: a tag needs at least one letter or digit.")
        return name, slug

    @classmethod
    def parse_list(cls, text):
        """Comma-separated tags as typed → ``[(name, slug)]``, duplicates (by slug) dropped,
        in the order written. Raises ``ValidationError`` listing every problem."""
        chosen, errors = {}, []
        for part in str(text).split(","):
            if not part.strip():
                continue
            try:
                name, slug = cls.normalise(part)
            except ValidationError as exc:
                errors.extend(exc.messages)
            else:
                chosen.setdefault(slug, name)
        if len(chosen) > MAX_TAGS:
            errors.insert(0, f"At most {MAX_TAGS} tags, please; there are {len(chosen)}.")
        if errors:
            raise ValidationError(errors)
        return [(name, slug) for slug, name in chosen.items()]


class TagRedirect(models.Model):
    """A tag's earlier address (renamed, or merged into another): ``/tags/<old_slug>/`` keeps
    leading to it, as an article's old paths do."""

    old_slug = models.SlugField(max_length=MAX_TAG_CHARS, allow_unicode=True, unique=True)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="redirects")

    def __str__(self):
        return f"{self.old_slug} → {self.tag.slug}"


class Restriction(models.Model):
    """Limits who may read and who may edit an article and everything under it.

    An empty read (edit) list means no read (edit) limit here. Deeper restrictions can only
    tighten what the ones above allow. Change it through ``services.set_restriction``, which
    keeps every article's ``read_root``/``edit_root`` in step.
    """

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="restriction")
    read_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="people who may read"
    )
    read_groups = models.ManyToManyField(
        "auth.Group", blank=True, related_name="+", verbose_name="groups who may read"
    )
    edit_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="people who may edit"
    )
    edit_groups = models.ManyToManyField(
        "auth.Group", blank=True, related_name="+", verbose_name="groups who may edit"
    )
    limits_read = models.BooleanField(default=False, editable=False)
    limits_edit = models.BooleanField(default=False, editable=False)
    # "Who may read/edit", ready for the article page's lock badge without more queries.
    read_summary = models.CharField(max_length=500, blank=True, editable=False)
    edit_summary = models.CharField(max_length=500, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self):
        return f"Restriction on {self.article}"

    def sync_limits(self):
        """Recompute the flags and summaries from the lists (after the many-to-many fields
        changed)."""

        def summary(users, groups):
            names = [f"{group.name} (group)" for group in groups] + [u.name for u in users]
            text = ", ".join(sorted(names, key=str.lower))
            return text if len(text) <= 500 else text[:497] + "…"

        read = (list(self.read_users.all()), list(self.read_groups.all()))
        edit = (list(self.edit_users.all()), list(self.edit_groups.all()))
        self.limits_read, self.limits_edit = any(read), any(edit)
        self.read_summary, self.edit_summary = summary(*read), summary(*edit)
        Restriction.objects.filter(pk=self.pk).update(
            limits_read=self.limits_read,
            limits_edit=self.limits_edit,
            read_summary=self.read_summary,
            edit_summary=self.edit_summary,
        )
