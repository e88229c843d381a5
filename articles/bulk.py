"""Fast loading of a large generated corpus (``seed_demo --articles N``) for scale tests.

Creating articles one by one through ``services.create_article`` costs a dozen queries and a
tree update each; 100,000 of them would take hours. Instead the corpus is planned in memory
(tree shape, titles, django-mptt's ``lft``/``rght``/``level`` from a depth-first numbering),
bodies are generated and rendered (in worker processes when there are many), and rows go in
with ``bulk_create``, a few thousand per transaction.

Each transaction adds whole subtrees under a section page and widens that page's ``rght`` to
match, holding the same tree lock as services, so the tree is valid after every commit: an
interrupted load leaves a smaller, consistent corpus that the next run tops up.

Bodies contain no wiki links, so there are no ``ArticleLink`` rows to write and rendering needs
no database. Each article gets the one "create" revision services would have recorded:
django-reversion's ``Revision`` and ``Version`` plus Lore's ``ArticleRevision``, and its search
document.
"""

import json
import multiprocessing
import random
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection, connections, transaction
from django.test.utils import override_settings
from django.utils import timezone
from reversion.models import Revision, Version

from articles import services
from articles.demo_content import CORPUS_SECTIONS, CorpusWriter
from articles.markdown import render_markdown
from articles.models import Article, ArticleRevision, slug_for
from search import indexing as search_indexing

BATCH_SIZE = 2000
# Below this many articles, worker processes cost more to start than they save.
PARALLEL_THRESHOLD = 5000
# Corpus articles were "written" over the last two years.
CORPUS_AGE = timedelta(days=730)
IMPORT_COMMENT = "Imported"
ARTICLE_LABEL = str(Article._meta)  # "articles.article", as Django's serializers name it
SECTION_SUMMARY = "Corpus section for scale tests"


class CorpusError(Exception):
    """The corpus can't be loaded as asked; the message says why."""


@dataclass(slots=True, eq=False)
class PlannedArticle:
    """One corpus article before it has a row. ``lft``/``rght`` count from 0 within its
    top-level subtree; the subtree is shifted into place when it is written."""

    key: str  # seeds its body, so the same corpus renders the same text every time
    title: str
    slug: str
    level: int  # the section page is level 0
    parent: "PlannedArticle | None"  # None: directly under the section page
    author_index: int
    age_seconds: int
    lft: int = 0
    rght: int = 0
    path: str = ""
    pk: int | None = None
    children: list["PlannedArticle"] = field(default_factory=list)


@dataclass(slots=True)
class Subtree:
    section: Article
    nodes: list[PlannedArticle]  # depth-first order, the subtree's top article first

    @property
    def width(self):
        return 2 * len(self.nodes)


@dataclass
class LoadResult:
    requested: int
    existing: int
    created: int = 0
    seconds: float = 0.0
    sections: list[Article] = field(default_factory=list)

    @property
    def skipped(self):
        return self.created == 0

    @property
    def rate(self):
        return self.created / self.seconds if self.seconds else 0.0


# --- Sections ----------------------------------------------------------------------------------


def section_slug(name):
    return slug_for(f"Corpus: {name}")


def corpus_sections():
    """The corpus's section pages that exist, by slug (live or not: a trashed one still owns
    its address for restore)."""
    slugs = [section_slug(name) for name in CORPUS_SECTIONS]
    return {a.slug: a for a in Article.objects.filter(parent__isnull=True, slug__in=slugs)}


def count_corpus_articles(sections):
    live = [section for section in sections if section.deleted_at is None]
    if not live:
        return 0
    return Article.objects.live().filter(tree_id__in=[s.tree_id for s in live]).count()


def _ensure_sections(names, *, author, seed):
    existing = corpus_sections()
    sections = []
    for name in names:
        slug = section_slug(name)
        section = existing.get(slug)
        if section is None:
            writer = CorpusWriter(random.Random(f"{seed}:{slug}:intro"))
            body = (
                f"Generated articles about {name.lower()} for scale tests and benchmarks "
                f"(`seed_demo --articles`).\n\n{writer.paragraph(4)}\n"
            )
            section = services.create_article(
                title=f"Corpus: {name}", slug=slug, body=body, author=author,
                summary=SECTION_SUMMARY,
            )  # fmt: skip
        sections.append(section)
    return sections


# --- Planning ----------------------------------------------------------------------------------

# Pages fan out widely near the top of a section and narrow further down.
LEVEL_FANOUT = [3.0, 1.6, 1.0, 0.8, 0.7, 0.6]


def _expected_size(base, depth):
    total, width = 0.0, 1.0
    for level in range(depth):
        width *= base * LEVEL_FANOUT[level]
        total += width
    return total


def _base_fanout(budget, depth):
    """The fanout whose expected tree of ``depth`` levels just holds ``budget`` articles."""
    low, high = 0.5, float(max(budget, 2))
    for _ in range(40):
        middle = (low + high) / 2
        low, high = (middle, high) if _expected_size(middle, depth) < budget else (low, middle)
    return high


def plan_section(section, *, budget, seed, serial_start, taken_slugs, authors):
    """``budget`` new articles under ``section``, as subtrees in depth-first order.

    The shape is random but bounded: 4 to 6 levels below the section page, most pages leaves.
    ``taken_slugs`` are the section's current children, which new siblings must not clash with.
    """
    rng = random.Random(f"{seed}:{section.slug}:{serial_start}")
    writer = CorpusWriter(rng)
    depth = rng.choice([4, 5, 6])
    base = _base_fanout(budget, depth)
    top_level: list[PlannedArticle] = []
    sibling_slugs = {None: set(taken_slugs)}
    remaining = budget
    serial = serial_start
    age_limit = int(CORPUS_AGE.total_seconds())

    def add(parent):
        nonlocal remaining, serial
        level = parent.level + 1 if parent else 1
        siblings = sibling_slugs.setdefault(id(parent) if parent else None, set())
        title = writer.title()
        slug, attempt = slug_for(title), 1
        while slug in siblings:
            attempt += 1
            slug = slug_for(f"{title} {attempt}")
        siblings.add(slug)
        if attempt > 1:
            title = f"{title} {attempt}"
        node = PlannedArticle(
            key=f"{seed}:{section.slug}:{serial}",
            title=title,
            slug=slug,
            level=level,
            parent=parent,
            author_index=rng.randrange(len(authors)),
            age_seconds=rng.randrange(age_limit),
        )
        (parent.children if parent else top_level).append(node)
        remaining -= 1
        serial += 1
        return node

    frontier: list[PlannedArticle | None] = [None]
    for level in range(depth):
        fanout = base * LEVEL_FANOUT[level]
        next_frontier = []
        for parent in frontier:
            wanted = round(rng.uniform(0, 2 * fanout))
            for _ in range(min(wanted, remaining)):
                next_frontier.append(add(parent))
        if not next_frontier and remaining and frontier:
            next_frontier.append(add(frontier[0]))  # never stall with articles still to place
        frontier = next_frontier
        if not remaining or not frontier:
            break
    # Whatever the random fanouts left over hangs under random pages above the deepest level.
    shallow = [None] + [n for n in _walk(top_level) if n.level < depth]
    while remaining:
        add(rng.choice(shallow))

    subtrees = []
    for top in top_level:
        nodes = list(_walk([top]))
        _number(top, 0, section.path)
        subtrees.append(Subtree(section=section, nodes=nodes))
    return subtrees


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _number(node, left, parent_path):
    """Depth-first lft/rght numbering from ``left``, the way django-mptt numbers a tree."""
    node.path = f"{parent_path}/{node.slug}"
    node.lft = right = left
    for child in node.children:
        right = _number(child, right + 1, node.path)
    node.rght = right + 1
    return node.rght


def _split(total, parts, rng):
    """``total`` articles shared unevenly (as real sections are) among ``parts`` sections."""
    weights = [0.4 + rng.random() for _ in range(parts)]
    scale = total / sum(weights)
    shares = [int(weight * scale) for weight in weights]
    for index in range(total - sum(shares)):
        shares[index % parts] += 1
    return shares


# --- Rendering ---------------------------------------------------------------------------------


def render_corpus_page(key):
    """Body, HTML and table of contents of the corpus article seeded by ``key``."""
    writer = CorpusWriter(random.Random(key))
    body = writer.body(writer.word_count())
    rendered = render_markdown(body)
    return body, rendered.html, rendered.toc


class _Renderer:
    """Renders batches, one batch ahead in worker processes when ``workers`` > 1."""

    def __init__(self, workers):
        self.pool = None
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            # Forked workers must not share the parent's open database sockets.
            connections.close_all()
            self.pool = multiprocessing.get_context("fork").Pool(workers)

    def submit(self, keys):
        if self.pool is None:
            return keys
        return self.pool.map_async(render_corpus_page, keys, chunksize=25)

    def result(self, pending):
        if self.pool is None:
            return [render_corpus_page(key) for key in pending]
        return pending.get()

    def close(self):
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()


# --- Writing -----------------------------------------------------------------------------------


def _batches(subtrees, size):
    batch, count = [], 0
    for subtree in subtrees:
        batch.append(subtree)
        count += len(subtree.nodes)
        if count >= size:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


def _write_batch(batch, pages, *, authors, now, content_type):
    """Insert one batch of subtrees and their revisions; the tree is valid when it commits."""
    with transaction.atomic():
        services.lock_tree()
        section_ids = {subtree.section.pk for subtree in batch}
        sections = {
            s.pk: s
            for s in Article.objects.select_for_update()
            .filter(pk__in=section_ids)
            .only("pk", "tree_id", "rght", "read_root", "edit_root")
        }
        by_level = {}
        rows = []
        for subtree in batch:
            section = sections[subtree.section.pk]
            offset = section.rght
            section.rght += subtree.width
            for node in subtree.nodes:
                article = _article_row(node, section, offset, pages[len(rows)], authors, now)
                if node.parent is None:
                    article.parent_id = section.pk
                rows.append(article)
                by_level.setdefault(node.level, []).append((node, article))
        # Level by level, so each article's parent already has its primary key.
        for level in sorted(by_level):
            pairs = by_level[level]
            for node, article in pairs:
                if node.parent is not None:
                    article.parent_id = node.parent.pk
            Article.objects.bulk_create([article for _, article in pairs])
            for node, article in pairs:
                if article.pk is None:
                    raise RuntimeError("This database does not return ids from bulk inserts.")
                node.pk = article.pk
        for section in sections.values():
            Article.objects.filter(pk=section.pk).update(rght=section.rght)
        _write_revisions(rows, content_type=content_type)
        # In the same transaction, like every service write: searchable as soon as visible.
        search_indexing.reindex([article.pk for article in rows])
    return len(rows)


def _article_row(node, section, offset, page, authors, now):
    body, html, toc = page
    author = authors[node.author_index]
    created = now - timedelta(seconds=node.age_seconds)
    return Article(
        title=node.title,
        slug=node.slug,
        path=node.path,
        body=body,
        body_html=html,
        toc=toc,
        revision_number=1,
        created_at=created,
        created_by=author,
        updated_at=created,
        updated_by=author,
        # New articles have no restriction of their own: they inherit their section's.
        read_root_id=section.read_root_id,
        edit_root_id=section.edit_root_id,
        tree_id=section.tree_id,
        lft=offset + node.lft,
        rght=offset + node.rght,
        level=node.level,
    )


def serialized_version(article):
    """What django-reversion stores for an article (``serializers.serialize("json", [article],
    fields=("title", "slug", "body"))``, see articles.apps), an order of magnitude faster."""
    fields = {"title": article.title, "slug": article.slug, "body": article.body}
    data = {"model": ARTICLE_LABEL, "pk": article.pk, "fields": fields}
    return f"[{json.dumps(data, ensure_ascii=False)}]"


def _write_revisions(articles, *, content_type):
    revisions = Revision.objects.bulk_create(
        Revision(date_created=a.created_at, user_id=a.created_by_id, comment=IMPORT_COMMENT)
        for a in articles
    )
    versions, metas = [], []
    for article, revision in zip(articles, revisions, strict=True):
        versions.append(
            Version(
                revision=revision,
                object_id=str(article.pk),
                content_type=content_type,
                db=article._state.db,
                format="json",
                serialized_data=serialized_version(article),
                object_repr=article.title,
            )
        )
        size = len(article.body)
        metas.append(
            ArticleRevision(
                revision=revision,
                article=article,
                number=1,
                kind=ArticleRevision.Kind.CREATE,
                title=article.title,
                size=size,
                size_delta=size,
            )
        )
    Version.objects.bulk_create(versions)
    ArticleRevision.objects.bulk_create(metas)


# --- Entry point -------------------------------------------------------------------------------


def load_corpus(
    count,
    *,
    authors,
    section_author,
    seed,
    batch_size=BATCH_SIZE,
    workers=1,
    progress: Callable[[int, int, float], None] | None = None,
):
    """Make the generated corpus hold ``count`` articles (section pages included), adding
    only what is missing; returns what was done."""
    names = CORPUS_SECTIONS[: max(1, min(len(CORPUS_SECTIONS), count))]
    existing = count_corpus_articles(corpus_sections().values())
    result = LoadResult(requested=count, existing=existing)
    if existing >= count:
        result.sections = list(corpus_sections().values())
        return result

    started = time.perf_counter()
    sections = _ensure_sections(names, author=section_author, seed=seed)
    result.sections = sections
    live = [s for s in sections if s.deleted_at is None]
    if not live:
        raise CorpusError("Every corpus section is in the trash: restore or purge them first.")
    already = count_corpus_articles(sections)
    to_add = max(0, count - already)
    result.created = already - existing
    rng = random.Random(f"{seed}:split:{already}")
    taken = _child_slugs(live)
    subtrees = []
    for section, share in zip(live, _split(to_add, len(live), rng), strict=True):
        if share:
            subtrees += plan_section(
                section,
                budget=share,
                seed=seed,
                serial_start=already,
                taken_slugs=taken.get(section.pk, ()),
                authors=authors,
            )

    renderer = _Renderer(workers if to_add >= PARALLEL_THRESHOLD and _may_fork() else 1)
    content_type = Article.content_type()
    now = timezone.now()
    try:
        with _unlogged_sql():
            batches = list(_batches(subtrees, batch_size))
            pending = renderer.submit(_keys(batches[0])) if batches else None
            for index, batch in enumerate(batches):
                pages = renderer.result(pending)
                if index + 1 < len(batches):
                    pending = renderer.submit(_keys(batches[index + 1]))
                result.created += _write_batch(
                    batch, pages, authors=authors, now=now, content_type=content_type
                )
                if progress:
                    progress(result.created, count - existing, time.perf_counter() - started)
    finally:
        renderer.close()
    result.seconds = time.perf_counter() - started
    return result


def _unlogged_sql():
    """With DEBUG on, Django keeps the SQL of every statement (here each carries ~50 bodies) in
    memory and, on SQLite, runs an extra query per statement just to quote it for that log."""
    return override_settings(DEBUG=False) if settings.DEBUG else nullcontext()


def _keys(batch):
    return [node.key for subtree in batch for node in subtree.nodes]


def _child_slugs(sections):
    taken = {}
    rows = Article.objects.filter(parent__in=sections).values_list("parent_id", "slug")
    for parent_id, slug in rows:
        taken.setdefault(parent_id, set()).add(slug)
    return taken


def _may_fork():
    # Inside a transaction (a test, or a caller's atomic block) the connection can't be
    # closed and handed over safely, so render in this process instead.
    return not connection.in_atomic_block
