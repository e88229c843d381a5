"""Lore's search entry points: ``search()`` for the results page, ``suggest_titles()`` for the
header box. The views don't know which database answers (see ``search.backends``).

What a reader may see is decided by ``Article.objects.visible_to(user)``; filters narrow that
queryset and the backend matches within it in the same statement, so counts and pages only
ever include readable, live articles. A page of results costs a constant handful of queries:
rank the page (with the count, or plus a count on SQLite when the page is full), load its
articles with their editors, load the titles of their ancestors for the breadcrumbs.
"""

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Tag
from search import backends
from search.backends import RankedRow
from search.highlight import marked_html
from search.language import ParsedQuery, parse, title_words
from search.models import FailedSearch

PER_PAGE = 20
# Results beyond this many are not paged through ("more than 300 results"): nobody reads
# page 16, and counting or ranking every match of a word in every article costs more than it
# tells (on PostgreSQL only these many are ranked, see search.backends.postgres).
MAX_RESULTS = 300
SUGGESTIONS = 8
MIN_SUGGEST_CHARS = 2
# The typo fallback: how many look-alike titles to consider, and to show.
TYPO_CANDIDATES = 200
SIMILAR_TITLES = 5
SIMILARITY_CUTOFF = 0.75


@dataclass
class Crumb:
    title: str
    url: str


@dataclass
class Hit:
    article: Article
    title_html: str
    snippet_html: str
    crumbs: list[Crumb]

    @property
    def tags(self):
        return self.article.tags.all()  # prefetched with the page (see _hits)

    @property
    def updated_at(self):
        return self.article.updated_at

    @property
    def updated_by_name(self):
        return self.article.updated_by.name


@dataclass
class SearchResults:
    query: ParsedQuery
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    more_than_total: bool = False  # total is MAX_RESULTS and there are more
    page_obj: object = None
    suggestion: str = ""  # a corrected query, when nothing matched and titles look close
    similar: list[Article] = field(default_factory=list)  # titles that look like the query
    # Only tags to filter by (``tag:x`` or the tag field, no words): the tagged articles,
    # most recently edited first.
    listing: bool = False
    tags: list[str] = field(default_factory=list)  # the slugs of the tags asked for

    @property
    def searched(self):
        return not self.query.problem or self.listing


def search(
    user,
    q,
    *,
    section=None,
    author=None,
    updated_after=None,
    updated_before=None,
    tag=None,
    page=1,
    per_page=PER_PAGE,
):
    """Ranked, highlighted, permission-filtered results for ``q`` (see ``search.language``).

    ``section``: an Article whose subtree (itself included) to search; ``author``: a User who
    last edited the articles; ``updated_after``/``updated_before``: dates, both inclusive;
    ``tag``: a tag slug (as do ``tag:`` filters in ``q``). With tags and no words, the tagged
    articles are listed, most recently edited first.
    """
    query = parse(q)
    results = SearchResults(query=query)
    results.tags = tags = list(dict.fromkeys([*query.tags, *([tag] if tag else [])]))
    results.listing = not query.groups and bool(tags or query.excluded_tags)
    if query.problem and not results.listing:
        return results
    articles = _filtered(
        Article.objects.visible_to(user), section, author, updated_after, updated_before
    )
    for slug in tags:
        articles = articles.filter(tags__slug=slug)
    if query.excluded_tags:
        articles = articles.exclude(tags__slug__in=query.excluded_tags)
    backend = backends.current()
    if results.listing:
        if query.excluded:  # "tag:deploy -kubernetes": nothing to rank, something to leave out
            articles = backend.excluding(query.excluded, articles)
        return _listed(user, results, articles, page, per_page)
    page_number = _page_number(page, per_page)
    rows, total = backend.ranked_page(
        query, articles, (page_number - 1) * per_page, per_page, MAX_RESULTS + 1
    )
    if total is None:  # a page past the end (an old link): show the last one
        total = backend.count(query, articles, MAX_RESULTS + 1)
        page_number = -(-min(total, MAX_RESULTS) // per_page) or 1
        rows, _ = backend.ranked_page(
            query, articles, (page_number - 1) * per_page, per_page, MAX_RESULTS + 1
        )
    results.more_than_total = total > MAX_RESULTS
    results.total = min(total, MAX_RESULTS)
    results.page_obj = Paginator(range(results.total), per_page).get_page(page_number)
    results.hits = _hits(user, articles, rows)
    if not results.total:
        results.similar, results.suggestion = _look_alikes(query, articles, backend)
    return results


def suggest_titles(user, prefix, limit=SUGGESTIONS):
    """Live articles ``user`` may read whose titles contain the typed words (the last one as a
    prefix), best first, for search as you type."""
    words = title_words(prefix)
    if not words or len(" ".join(words)) < MIN_SUGGEST_CHARS:
        return []
    visible = Article.objects.visible_to(user)
    ids = backends.current().title_matches(words, visible, limit)
    return _in_order(visible.filter(pk__in=ids).only("pk", "title", "path"), ids)


def record_failed_search(query):
    """Count a search that found nothing, for the knowledge gaps report (one statement).
    A tag listing (no words) is browsing, not a search for something missing: not counted."""
    text = query.normalised[: FailedSearch._meta.get_field("query").max_length]
    if not text or not query.groups:
        return
    table = connection.ops.quote_name(FailedSearch._meta.db_table)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (query, count, first_seen, last_seen) VALUES (%s, 1, %s, %s) "
            f"ON CONFLICT (query) DO UPDATE SET count = {table}.count + 1, "
            "last_seen = excluded.last_seen",
            [text, now, now],
        )


# --- Helpers ------------------------------------------------------------------------------------


def _filtered(articles, section, author, updated_after, updated_before):
    if section is not None:
        articles = articles.filter(
            tree_id=section.tree_id, lft__gte=section.lft, rght__lte=section.rght
        )
    if author is not None:
        articles = articles.filter(updated_by=author)
    if updated_after is not None:
        articles = articles.filter(updated_at__gte=_start_of(updated_after))
    if updated_before is not None:
        articles = articles.filter(updated_at__lt=_start_of(updated_before + timedelta(days=1)))
    return articles


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _page_number(page, per_page):
    try:
        number = int(page)
    except (TypeError, ValueError):
        return 1
    last = max(1, -(-MAX_RESULTS // per_page))
    return min(max(number, 1), last)


def _listed(user, results, articles, page, per_page):
    """The tag listing: the filtered articles, most recently edited first (no ranking, so
    no cap: the count is exact and every page can be reached)."""
    ordered = articles.order_by("-updated_at", "-pk")
    page_obj = Paginator(ordered.values_list("pk", "title"), per_page).get_page(page)
    results.total = page_obj.paginator.count
    results.page_obj = page_obj
    rows = [RankedRow(pk, title, "") for pk, title in page_obj]
    results.hits = _hits(user, articles, rows)
    return results


def _in_order(queryset, ids):
    by_id = {article.pk: article for article in queryset}
    return [by_id[pk] for pk in ids if pk in by_id]


def _hits(user, articles, rows):
    if not rows:
        return []
    ids = [row.article_id for row in rows]
    loaded = articles.filter(pk__in=ids).select_related("updated_by")
    loaded = loaded.only(
        "pk", "title", "path", "updated_at", "updated_by__username",
        "updated_by__first_name", "updated_by__last_name", "updated_by__display_name",
    )  # fmt: skip
    # The hits' tags: one query for the page, whatever the number of hits or tags.
    tags = Prefetch("tags", queryset=Tag.objects.only("name", "slug").alphabetical())
    by_id = {article.pk: article for article in loaded.prefetch_related(tags)}
    crumbs = _crumbs(user, [article.path for article in by_id.values()])
    return [
        Hit(
            article=by_id[row.article_id],
            title_html=marked_html(row.title_marked),
            snippet_html=marked_html(row.snippet_marked),
            crumbs=crumbs(by_id[row.article_id].path),
        )
        for row in rows
        if row.article_id in by_id
    ]


def _crumbs(user, paths):
    """Breadcrumbs for these paths from one query: ancestors' paths are prefixes of a path."""
    prefixes = {path.rsplit("/", depth)[0] for path in paths for depth in _depths(path)}
    titles = dict(
        Article.objects.visible_to(user).filter(path__in=prefixes).values_list("path", "title")
    )
    urls = {prefix: _url(prefix) for prefix in prefixes}

    def crumbs(path):
        parts = path.split("/")[:-1]
        ancestors = ["/".join(parts[: index + 1]) for index in range(len(parts))]
        return [
            Crumb(title=titles.get(ancestor, ancestor.rsplit("/", 1)[-1]), url=urls[ancestor])
            for ancestor in ancestors
        ]

    return crumbs


def _depths(path):
    return range(1, path.count("/") + 1)


def _url(path):
    return reverse("articles:detail", kwargs={"path": path})


def _look_alikes(query, articles, backend):
    """Articles whose titles look like the query, and the query spelt like them (typos)."""
    words = [word for term in query.terms for word in term.words]
    candidates = backend.title_candidates(words, articles, TYPO_CANDIDATES)
    if not candidates:
        return [], ""
    vocabulary = {word for _, title in candidates for word in title_words(title, max_words=50)}
    scored = []
    for pk, title in candidates:
        title_vocabulary = title_words(title, max_words=50)
        closeness = [_closeness(word, title_vocabulary) for word in words]
        score = sum(closeness) / len(closeness)
        if score >= SIMILARITY_CUTOFF:
            scored.append((-score, pk))
    ids = [pk for _, pk in sorted(scored)[:SIMILAR_TITLES]]
    similar = _in_order(articles.filter(pk__in=ids).only("pk", "title", "path"), ids) if ids else []
    return similar, _corrected(query, words, vocabulary)


def _closeness(word, vocabulary):
    ratios = (difflib.SequenceMatcher(None, word, other).ratio() for other in vocabulary)
    return max(ratios, default=0)


def _corrected(query, words, vocabulary):
    corrected = query.normalised
    changed = False
    for word in words:
        if word in vocabulary:
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=SIMILARITY_CUTOFF)
        if close:
            alone = re.compile(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])")
            corrected = alone.sub(close[0], corrected)
            changed = True
    return corrected if changed else ""
