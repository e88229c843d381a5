"""Find the article a /wiki/<path>/... URL names, for every view in one place."""

import functools
from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

from articles.models import MAX_PATH_LENGTH, Article, ArticleRedirect
from articles.prepared import PreparedQuery


@dataclass(frozen=True)
class Ancestor:
    """An ancestor of the article a page is about: what breadcrumbs, the sidebar and the
    follow button read of it."""

    pk: int
    title: str
    path: str
    level: int

    get_absolute_url = Article.get_absolute_url  # it reads only ``path``


def article_view(*, editable=False, select_related=(), with_ancestors=False):
    """Decorate ``view(request, article, **kwargs)`` taking ``path`` from the URL.

    The article comes through ``visible_to``/``editable_by``, so what the user may not see
    is a 404. An old address (before a rename or move) redirects permanently to the same
    action at the new one, query string included. ``with_ancestors``: see ``find_article``.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, path, **kwargs):
            article = find_article(
                request.user,
                path,
                editable=editable,
                select_related=select_related,
                with_ancestors=with_ancestors,
            )
            if isinstance(article, str):
                url = reverse(request.resolver_match.view_name, kwargs={**kwargs, "path": article})
                if request.META.get("QUERY_STRING"):
                    url += "?" + request.META["QUERY_STRING"]
                return HttpResponsePermanentRedirect(url)
            return view(request, article, **kwargs)

        return wrapper

    return decorator


def find_article(user, path, *, editable=False, select_related=(), with_ancestors=False):
    """The live article at ``path``, or the new path (a str) it moved to; else Http404.

    ``with_ancestors``: also set ``article.visible_ancestors``, the ancestors ``user`` may
    see, top first, fetched in the same query (for breadcrumbs and the sidebar), as
    ``Ancestor``s.
    """
    path = path.strip("/")
    if not path or len(path) > MAX_PATH_LENGTH:
        raise Http404("No such article.")
    if with_ancestors and editable:
        raise ValueError("with_ancestors lists what the user may see, not what they may edit")
    if with_ancestors:
        # Paths are denormalised, so the ancestors are the rows at the path's prefixes: one
        # query for the article and its breadcrumbs instead of a second range query.
        parts = path.split("/")
        prefixes = ["/".join(parts[:depth]) for depth in range(1, len(parts) + 1)]
        rows = _with_ancestors(tuple(select_related)).rows(user, prefixes)
        found = [row for row in rows if rows.column(row, "path") == path]
        if found:
            # A model instance for the article only: the ancestors' rows are read as they are.
            article = rows.instance(found[0])
            article.visible_ancestors = sorted(
                (
                    Ancestor(*(rows.column(row, name) for name in ("id", "title", "path", "level")))
                    for row in rows
                    if row is not found[0]
                ),
                key=lambda ancestor: ancestor.level,
            )
            return article
    queryset = Article.objects.editable_by(user) if editable else Article.objects.visible_to(user)
    queryset = queryset.select_related(*select_related)
    if not with_ancestors:
        # order_by(): the unique path needs no ORDER BY (first() would add mptt's tree order).
        found = list(queryset.filter(path=path).order_by()[:1])
        if found:
            return found[0]
    if editable and Article.objects.visible_to(user).filter(path=path).exists():
        # They can see it, so saying it exists reveals nothing; say why they can't change it.
        raise PermissionDenied("You can read this article but not change it.")
    moved = (
        ArticleRedirect.objects.filter(old_path=path).values_list("article_id", flat=True).first()
    )
    if moved is not None:
        new_path = queryset.filter(pk=moved).values_list("path", flat=True).first()
        if new_path is not None:
            return new_path
    raise Http404("No such article.")


@functools.cache
def _with_ancestors(select_related):
    """The visible articles at some paths, compiled once per reader's access and number of
    paths (articles/prepared.py): compiling it cost four times what running it does."""

    def build(user, paths):
        return (
            Article.objects.visible_to(user)
            .select_related(*select_related)
            .filter(path__in=paths)
            .order_by()
        )

    return PreparedQuery(build)
