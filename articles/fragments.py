"""The parts of an article page that are the same for everyone who may read the same articles,
rendered once and cached: the sidebar tree, and the article's body with its table of contents,
sub-articles and backlinks.

The cache key names everything those parts show, so an entry is never stale and never
reaches someone who may see different articles:

- the article and its ``revision_number``: every edit, revert, move, trash and restore of the
  article makes a new revision, so its editor sees the change at once;
- the tree generation (``articles.tree``): bumped by every create, move, rename, retitle,
  trash, restore, purge and restriction change, which are also the only writes that re-render
  *other* articles' stored HTML (``services._rerender_linkers``) — titles, paths and
  structure shown here all change with it;
- the links generation: bumped when an article starts or stops linking to another (the
  backlinks of the target change, not its revision);
- the tags generation: bumped when a tag is renamed, merged or deleted (the admin), which
  changes the tags shown on articles without a revision of theirs (choosing tags while
  editing makes a revision);
- the reader's access fingerprint (``articles.access.fingerprint``): people who may read
  exactly the same articles share entries; any change of restrictions, grants or roles
  makes new fingerprints.

What differs per person (edit buttons, "Change" on the restriction badge, comments, follow
state, …) stays outside, in ``templates/articles/detail.html``.

Both generations are bumped on commit (and the tree's also at once), so a reader who renders
during a write caches under a generation nobody asks for afterwards. With the per-process
memory cache (no ``REDIS_URL``), a bump reaches only the process that made the write; the
others catch up when their entries expire (``FRAGMENT_SECONDS``), as for sessions.
"""

import functools
from dataclasses import dataclass, field
from urllib.parse import quote

from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import mark_safe

from articles import access
from articles.models import Article, Restriction, Tag
from articles.prepared import PreparedQuery
from articles.templatetags.tree_tags import mark_current
from articles.tree import GENERATION_KEY, sidebar_tree

LINKS_GENERATION_KEY = "lore:links-generation"
TAGS_GENERATION_KEY = "lore:tags-generation"
GENERATION_KEYS = (GENERATION_KEY, LINKS_GENERATION_KEY, TAGS_GENERATION_KEY)
FRAGMENT_SECONDS = 600
BACKLINKS_SHOWN = 50


@dataclass(frozen=True)
class ArticleFragments:
    sidebar_html: str
    main_html: str
    tags_html: str = ""
    breadcrumbs_html: str = ""
    # The article's own addresses: its actions, reversed once here rather than on every view.
    urls: dict = field(default_factory=dict)
    # Who may read / edit, for the restriction badge ("" when the article has no such limit).
    read_summary: str = ""
    edit_summary: str = ""


def _bump(key):
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)


def _bump_now_and_on_commit(key):
    _bump(key)
    transaction.on_commit(lambda: _bump(key))


def links_changed():
    """Forget cached backlinks: call inside the transaction that changed which articles an
    article links to."""
    _bump_now_and_on_commit(LINKS_GENERATION_KEY)


def tags_changed():
    """Forget the cached tags of every article: call inside the transaction that renamed,
    merged or deleted tags."""
    _bump_now_and_on_commit(TAGS_GENERATION_KEY)


def article_fragments(user, article, ancestors):
    """The shared parts of ``article``'s page as ``user`` may see it (from the cache, or
    rendered in at most four queries: the tree unless a sibling's page cached it, the
    backlinks, the tags, and the restriction summaries when the article is restricted).

    ``article`` must be visible to ``user``; ``ancestors`` are its visible ancestors, top
    first (``find_article(..., with_ancestors=True)``).
    """
    generations = cache.get_many(GENERATION_KEYS)
    for key in GENERATION_KEYS:
        if key not in generations:
            generations[key] = cache.get_or_set(key, 1, None)
    fingerprint = access.fingerprint(user)
    key = ":".join(
        [
            f"lore:article-fragments:v3:{article.pk}:{article.revision_number}",
            *(str(generations[name]) for name in GENERATION_KEYS),
            str(fingerprint),
        ]
    )
    fragments = cache.get(key)
    if fragments is None:
        sidebar_html, children = _sidebar(
            user, article, ancestors, f"{generations[GENERATION_KEY]}:{fingerprint}"
        )
        fragments = _render(user, article, ancestors, sidebar_html, children)
        cache.set(key, fragments, FRAGMENT_SECONDS)
    return fragments


@dataclass(frozen=True)
class _SharedSidebar:
    html: str  # with no node marked as the current page
    children: list  # the expanded node's children shown (TreeNodes, a "N more" one last)


def _sidebar(user, article, ancestors, version):
    """The sidebar's HTML with ``article`` marked as the current page, and the sub-articles
    it shows (TreeNodes).

    A page's tree shows the sections, the children of each ancestor and the article's own.
    An article without descendants (mptt: ``rght == lft + 1``) so shows exactly its parent's
    tree: siblings share one cached tree (``version``: the tree generation and the reader's
    access fingerprint), and only the mark of the current page differs.
    """
    leaf = article.rght == article.lft + 1
    expanded = (ancestors[-1] if ancestors else None) if leaf else article
    shared = _shared_sidebar(user, expanded, ancestors[:-1] if leaf else ancestors, version)
    html = mark_current(shared.html, article.get_absolute_url())
    if html is None:
        # Beyond the MAX_CHILDREN_SHOWN its siblings show: its own tree keeps it in.
        nodes = sidebar_tree(user, article, ancestors)
        return _tree_html(nodes), [node for node in nodes if node.parent_id == article.pk]
    return html, ([] if leaf else shared.children)


def plain_sidebar_html(user):
    """The sidebar of a page about no article (home, lists, search, people): the sections
    only, shared like an article's by everyone with the same access until the tree changes."""
    version = f"{cache.get_or_set(GENERATION_KEY, 1, None)}:{access.fingerprint(user)}"
    return _shared_sidebar(user, None, None, version).html


def _shared_sidebar(user, expanded, ancestors, version):
    """The sidebar with ``expanded`` open (None: the sections only), no page marked current."""
    key = f"lore:sidebar:{expanded.pk if expanded else 0}:{version}"
    shared = cache.get(key)
    if shared is None:
        nodes = sidebar_tree(user, expanded, ancestors)
        for node in nodes:
            node.is_current = False
        shared = _SharedSidebar(
            html=_tree_html(nodes),
            children=[node for node in nodes if expanded and node.parent_id == expanded.pk],
        )
        cache.set(key, shared, FRAGMENT_SECONDS)
    return shared


def _tree_html(nodes):
    return mark_safe(
        render_to_string("articles/includes/tree.html", {"tree": nodes}) if nodes else ""
    )


ACTIONS = ("edit", "new_child", "history", "move", "recent_section", "access", "delete")
# The review app's actions on an article, as urls.review_<action>.
REVIEW_ACTIONS = ("vote", "report", "verify", "settings")
_PATH_PLACEHOLDER = "lore-path-placeholder"


def action_urls(path):
    """The addresses of the actions on the article at ``path``, as ``reverse()`` would give
    them, formatted from addresses reversed once per process (a reverse() costs ~20 µs)."""
    quoted = quote(path, safe=RFC3986_SUBDELIMS + "/~:@")  # as reverse() quotes a path
    urls = {
        action: template.replace(_PATH_PLACEHOLDER, quoted, 1)
        for action, template in _action_url_templates().items()
    }
    # As {% url 'search:results' %}?section={{ article.path|urlencode }}
    urls["search_section"] = f"{_search_url()}?section={quote(path)}"
    return urls


@functools.cache
def _action_url_templates():
    return {
        **{
            action: reverse(f"articles:{action}", kwargs={"path": _PATH_PLACEHOLDER})
            for action in ACTIONS
        },
        **{
            f"review_{action}": reverse(f"review:{action}", kwargs={"path": _PATH_PLACEHOLDER})
            for action in REVIEW_ACTIONS
        },
    }


@functools.cache
def _search_url():
    return reverse("search:results")


def _render(user, article, ancestors, sidebar_html, children):
    # The sub-articles are in the tree already (the first MAX_CHILDREN_SHOWN of them, and a
    # "N more…" node when there are more): no query of their own.
    more_children = next((node.more_count for node in children if node.is_more), 0)
    summaries = {}
    if article.read_root_id or article.edit_root_id:
        summaries = {
            article_id: (read, edit)
            for article_id, read, edit in Restriction.objects.filter(
                article_id__in=[article.read_root_id, article.edit_root_id]
            ).values_list("article_id", "read_summary", "edit_summary")
        }
    main = render_to_string(
        "articles/includes/article_main.html",
        {
            "article": article,
            "children": [node for node in children if not node.is_more],
            "more_children": more_children,
            "backlinks": _backlinks(user, article.pk),
        },
    )
    tags = _tags(user, article.pk)
    return ArticleFragments(
        tags_html=mark_safe(
            render_to_string("articles/includes/tag_links.html", {"tags": tags}) if tags else ""
        ),
        sidebar_html=sidebar_html,
        main_html=mark_safe(main),  # rendered from our own template, escaped there
        breadcrumbs_html=mark_safe(
            render_to_string(
                "articles/includes/breadcrumbs.html", {"ancestors": ancestors, "article": article}
            )
        ),
        urls=action_urls(article.path),
        read_summary=summaries.get(article.read_root_id, ("", ""))[0],
        edit_summary=summaries.get(article.edit_root_id, ("", ""))[1],
    )


# Compiled once per reader's access (articles/prepared.py): a page not in the cache yet
# spent more time compiling these than running them.
_backlinks = PreparedQuery(
    lambda user, article_id: (
        Article.objects.visible_to(user)
        .filter(outgoing_links__target=article_id)
        .only("id", "title", "path")
        .order_by("title")[:BACKLINKS_SHOWN]
    )
)
_tags = PreparedQuery(lambda user, article_id: Tag.objects.filter(articles=article_id))
