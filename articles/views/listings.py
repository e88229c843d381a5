"""Pages that list articles and changes: home, recent changes (and its feed), trash, and the
sidebar tree's on-demand expansion."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from reversion.models import Revision

from accounts.models import User
from articles import access, services
from articles.feeds import USER_NAME_FIELDS, RecentChangesFeed, recent_changes
from articles.fragments import plain_sidebar_html
from articles.models import Article, ArticleRevision
from articles.tree import child_nodes, sidebar_tree

RECENT_ON_HOME = 15
YOUR_WORK_ON_HOME = 10
# "Your recent work" looks this far back in your changes, so its cost doesn't grow with years.
YOUR_WORK_WINDOW = 200
CHANGES_PER_PAGE = 50
# Recent changes pages back this far (100 pages); each article's history has the rest. Counting
# and paging through all of a big wiki's history would cost a scan of it on every visit.
MAX_CHANGES_LISTED = 5000
TRASH_PER_PAGE = 50

# The kinds that change an article's text: what "edits only" keeps.
CONTENT_KINDS = [
    ArticleRevision.Kind.CREATE,
    ArticleRevision.Kind.EDIT,
    ArticleRevision.Kind.MERGE,
    ArticleRevision.Kind.REVERT,
]


@require_GET
def home(request):
    visible = Article.objects.visible_to(request.user)
    sections = (
        _entry_points(request.user, visible)
        .only("title", "path")
        .annotate(child_count=_count_of(visible.filter(parent=OuterRef("pk"))))
        .order_by("tree_id", "lft")
    )
    context = {
        "sections": list(sections),
        "changes": list(recent_changes(request.user)[:RECENT_ON_HOME]),
        "your_work": _recent_work(request.user),
        "sidebar_html": plain_sidebar_html(request.user),
    }
    return render(request, "articles/home.html", context)


def _entry_points(user, visible):
    """The home page's sections: the top level, or for a guest the sections granted to them,
    which may lie deeper (a guest let into "Clients/Acme" sees no top-level section at all)."""
    user_access = access.access_for(user)
    if not user_access.is_guest:
        return visible.sections()
    granted = user_access.guest_ranges
    outermost = Q(pk__in=[])
    for tree_id, lft, rght in granted:
        inside_another = any(
            other_tree == tree_id and other_lft < lft and rght < other_rght
            for other_tree, other_lft, other_rght in granted
        )
        if not inside_another:
            outermost |= Q(tree_id=tree_id, lft=lft)
    return visible.filter(outermost)


def _recent_work(user):
    """The latest change ``user`` made to each of the articles they worked on last."""
    # Their latest revisions first (one index), not all their changes sorted.
    window = Revision.objects.filter(user=user).order_by("-pk").values("pk")[:YOUR_WORK_WINDOW]
    # Picked in the database: loading the window's changes to keep ten cost 30 ms a page.
    latest = (
        recent_changes(user)
        .filter(revision__in=window)
        .order_by()
        .values("article")
        .annotate(latest=Max("pk"))
        .order_by("-latest")
        .values("latest")[:YOUR_WORK_ON_HOME]
    )
    return list(recent_changes(user).filter(pk__in=Subquery(latest)))


class RecentChangesFilter(forms.Form):
    ALL, EDITS = "all", "edits"

    kind = forms.ChoiceField(
        label="Show",
        # "Edits" change the text: renames, moves, deletions and restores are left out.
        choices=[(ALL, "All changes"), (EDITS, "Edits only")],
        required=False,
    )
    author = forms.CharField(label="Author", required=False, max_length=150)

    def clean_author(self):
        username = self.cleaned_data["author"].strip()
        if username and not User.objects.filter(username=username).exists():
            raise forms.ValidationError(f"No one has the username “{username}”.")
        return username


@require_GET
def recent(request, path=None):
    section = None
    if path is not None:
        section = get_object_or_404(_placed(Article.objects.visible_to(request.user)), path=path)
    changes = recent_changes(request.user, section=section)
    filters = RecentChangesFilter(request.GET)
    filters.is_valid()  # A bad field is explained beside it; the valid ones still apply.
    if filters.cleaned_data.get("kind") == RecentChangesFilter.EDITS:
        changes = changes.filter(kind__in=CONTENT_KINDS)
    if author := filters.cleaned_data.get("author"):
        changes = changes.filter(revision__user__username=author)
    paginator = Paginator(changes[:MAX_CHANGES_LISTED], CHANGES_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    ancestors = _ancestors(request.user, section) if section is not None else None
    context = {
        "section": section,
        "article": section,
        "ancestors": ancestors,
        "filters": filters,
        "page_obj": page_obj,
        "changes": page_obj.object_list,
        "is_cut_short": paginator.count == MAX_CHANGES_LISTED,
        "tree": sidebar_tree(request.user, section, ancestors),
    }
    return render(request, "articles/recent.html", context)


@require_GET
def recent_feed(request):
    return RecentChangesFeed()(request)


@require_GET
def tree_children(request, pk):
    parent = get_object_or_404(_placed(Article.objects.visible_to(request.user)), pk=pk)
    context = {"nodes": child_nodes(request.user, parent)}
    return render(request, "articles/includes/tree_children.html", context)


@require_GET
def trash(request):
    page_obj = Paginator(_trashed(request.user), TRASH_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page_obj,
        "trashed": page_obj.object_list,
        "sidebar_html": plain_sidebar_html(request.user),
        "can_purge": access.access_for(request.user).is_admin,
        "restores_any": access.access_for(request.user).is_moderator,
    }
    return render(request, "articles/trash.html", context)


@require_POST
def restore(request, pk):
    trashed = _trashed(request.user)
    get_object_or_404(trashed, pk=pk)  # what you may not see is a 404
    article = trashed.filter(access.restorable_q(request.user), pk=pk).first()
    if article is None:
        raise PermissionDenied(
            "Only moderators, administrators and the person who deleted it can restore it."
        )
    try:
        restored = services.restore_article(article=article, author=request.user)
    except services.TreeError as exc:
        messages.error(request, exc.messages[0])
        return redirect("articles:trash")
    messages.success(request, f"“{restored.title}” is back where it was.")
    return redirect(restored)


@require_http_methods(["GET", "POST"])
def purge(request, pk):
    """Delete for good, after a confirmation page: there is no undo."""
    if not access.access_for(request.user).is_admin:
        raise PermissionDenied("Only administrators can delete articles for good.")
    article = get_object_or_404(_trashed(request.user), pk=pk)
    if request.method == "POST":
        services.purge_article(article=article)
        messages.success(request, f"“{article.title}” was deleted for good.")
        return redirect("articles:trash")
    context = {"confirm_purge": article, "sidebar_html": plain_sidebar_html(request.user)}
    return render(request, "articles/trash.html", context)


def _trashed(user):
    """The trash's entries, with who deleted them and how many articles went with each.

    The same read rules apply to trashed articles, so a restricted title doesn't leak here.
    """
    batch = Article.objects.filter(deleted_with=OuterRef("pk"))
    return (
        Article.objects.in_trash()
        .readable_by(user)
        .select_related("deleted_by")
        .only("title", "path", "deleted_at", *(f"deleted_by__{f}" for f in USER_NAME_FIELDS))
        .annotate(
            batch_size=_count_of(batch, field="deleted_with"),
            can_restore=ExpressionWrapper(access.restorable_q(user), output_field=BooleanField()),
        )
        .order_by("-deleted_at", "-pk")
    )


def _placed(articles):
    """Just what locates an article in the tree and links to it (never its body)."""
    return articles.only("title", "path", "parent_id", "tree_id", "lft", "rght", "level")


def _count_of(queryset, field="parent"):
    """A correlated COUNT(*) of ``queryset``: one query for a whole list, not one per row."""
    counted = queryset.order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _ancestors(user, article):
    return list(
        Article.objects.visible_to(user)
        .filter(tree_id=article.tree_id, lft__lt=article.lft, rght__gt=article.rght)
        .only("title", "path")
        .order_by("lft")
    )
