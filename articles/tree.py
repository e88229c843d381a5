"""The sidebar tree: what of the article tree a page shows, in one or two queries.

The tree is a flat list in tree order (depth-first), never a recursive structure: templates
render it with one loop, so a deep article can't hit Django's template recursion limit, and
the amount shown stays small whatever the size of the wiki:

- every top-level section,
- the current article's ancestors, each with its children (the siblings along the path),
- the current article's children.

Anything else stays closed; ``tree_children`` fetches a closed node's children on demand.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.encoding import iri_to_uri

from articles.models import Article, wiki_prefix
from articles.prepared import PreparedQuery

# Beyond this many children under one parent, the rest is one "N more…" link: a section with
# thousands of pages must not turn every page of it into a thousand-link sidebar.
MAX_CHILDREN_SHOWN = 100


@dataclass
class TreeNode:
    pk: int | None
    title: str
    url: str
    depth: int
    parent_id: int | None = None
    has_children: bool = False
    is_current: bool = False
    # Set by _link_up from the list itself: the node's children follow it in the list.
    is_open: bool = False
    # How many nested lists end after this node, so a flat loop can emit nested <ul>s.
    closes: range = range(0)
    # A "N more…" entry standing for the children not shown under ``parent_id``.
    more_count: int = 0

    @property
    def is_more(self):
        return self.more_count > 0

    @property
    def group_id(self):
        return f"tree-group-{self.pk}"


def sidebar_tree(user, article=None, ancestors=None):
    """The sidebar for a page about ``article`` (or for a page about no article).

    ``article`` must be visible to ``user`` (the caller fetched it through ``visible_to``).
    Pass its ``ancestors`` if the page has them already (for breadcrumbs): the tree is then
    one query, otherwise two.
    """
    path_ids = []
    if article is not None:
        if ancestors is None:
            ancestors = (
                Article.objects.visible_to(user)
                .filter(tree_id=article.tree_id, lft__lt=article.lft, rght__gt=article.rght)
                .only("pk")
            )
        path_ids = [ancestor.pk for ancestor in ancestors] + [article.pk]
    current_pk = article.pk if article is not None else None
    rows = _tree_rows(user, path_ids, MAX_CHILDREN_SHOWN)
    nodes = [_node(row, is_current=row[0] == current_pk) for row in rows]
    # Depth as shown, counted along the listed parents rather than taken from mptt's level:
    # if access rules ever hide an ancestor, its visible descendants still nest correctly.
    shown_depth = {}
    for node in nodes:
        node.depth = shown_depth.get(node.parent_id, -1) + 1
        shown_depth[node.pk] = node.depth
    sibling_counts = {row[3]: row[6] for row in rows}
    parent_urls = {node.pk: node.url for node in nodes}
    return _link_up(_add_more_links(nodes, sibling_counts, parent_urls))


# The columns _node reads, in this order.
_COLUMNS = ("pk", "title", "path", "parent_id", "level", "has_visible_children", "sibling_count")


def _build_tree_query(user, path_ids, cap):
    visible = Article.objects.visible_to(user)
    # A list of ids, not a subquery: PostgreSQL then plans for a few hundred rows, not for
    # half the table.
    shown = Q(parent__isnull=True) | Q(parent_id__in=path_ids) if path_ids else Q(parent=None)
    rows = _with_tree_annotations(visible.filter(shown), visible)
    # The path is kept even beyond the cap, or the current article would vanish.
    capped = Q(sibling_rank__lte=cap)
    if path_ids:
        capped |= Q(pk__in=path_ids)
    return rows.filter(capped).order_by("tree_id", "lft").values_list(*_COLUMNS)


# Compiled once per reader's access and path length (articles/prepared.py): building and
# compiling this query (window functions, an EXISTS) cost ten times what running it does.
_tree_rows = PreparedQuery(_build_tree_query)


def child_nodes(user, parent):
    """The visible children of ``parent`` as closed nodes, for expanding it on demand."""
    visible = Article.objects.visible_to(user)
    rows = list(
        _with_tree_annotations(visible.filter(parent=parent), visible)
        .filter(sibling_rank__lte=MAX_CHILDREN_SHOWN)
        .order_by("lft")
        .values_list(*_COLUMNS)
    )
    nodes = [_node(row) for row in rows]
    if rows:
        sibling_counts = {parent.pk: rows[0][6]}
        nodes = _add_more_links(nodes, sibling_counts, {parent.pk: parent.get_absolute_url()})
    return _link_up(nodes)


def _with_tree_annotations(queryset, visible):
    tree_order = [F("tree_id").asc(), F("lft").asc()]
    return queryset.annotate(
        # Counted over visible children: mptt's lft/rght still include trashed ones.
        has_visible_children=Exists(visible.filter(parent=OuterRef("pk"))),
        sibling_rank=Window(RowNumber(), partition_by=[F("parent_id")], order_by=tree_order),
        sibling_count=Window(Count("pk"), partition_by=[F("parent_id")]),
    )


def _node(row, *, is_current=False):
    pk, title, path, parent_id, level, has_children, _ = row
    return TreeNode(
        pk=pk,
        title=title,
        url=iri_to_uri(f"{wiki_prefix()}{path}/"),  # Article.get_absolute_url, without a model
        depth=level,
        parent_id=parent_id,
        has_children=bool(has_children),
        is_current=is_current,
    )


def _add_more_links(nodes, sibling_counts, parent_urls):
    """Put a "N more…" node at the end of every group of siblings that was cut short.

    It links to the parent's page, which lists all its sub-articles; for sections, to the
    home page, which lists every section.
    """
    shown_counts = {}
    for node in nodes:
        shown_counts[node.parent_id] = shown_counts.get(node.parent_id, 0) + 1
    result = []
    open_groups = []  # (depth, parent_id) of the sibling groups the walk is inside of

    def close_group():
        depth, parent_id = open_groups.pop()
        hidden = sibling_counts.get(parent_id, 0) - shown_counts[parent_id]
        if hidden > 0:
            url = parent_urls.get(parent_id) or reverse("articles:home") + "#sections"
            result.append(
                TreeNode(
                    pk=None,
                    title=f"{hidden:,} more…",
                    url=url,
                    depth=depth,
                    parent_id=parent_id,
                    more_count=hidden,
                )
            )

    for node in nodes:
        while open_groups and (
            open_groups[-1][0] > node.depth
            or (open_groups[-1][0] == node.depth and open_groups[-1][1] != node.parent_id)
        ):
            close_group()
        if not open_groups or open_groups[-1][0] < node.depth:
            open_groups.append((node.depth, node.parent_id))
        result.append(node)
    while open_groups:
        close_group()
    return result


def _link_up(nodes):
    """Mark open nodes and where nested lists end, from the order of the flat list."""
    if not nodes:
        return nodes
    base_depth = nodes[0].depth
    for node, following in zip(nodes, nodes[1:], strict=False):
        node.is_open = following.depth > node.depth
        node.closes = range(max(0, node.depth - following.depth))
    nodes[-1].closes = range(nodes[-1].depth - base_depth)
    return nodes


GENERATION_KEY = "lore:tree-generation"


def bump_generation():
    """Forget every cached sidebar and article fragment (articles/fragments.py): call (on
    commit) after anything the tree shows changed — a create, move, rename, retitle, trash,
    restore or purge."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)
