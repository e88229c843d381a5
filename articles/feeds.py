"""Recent changes: the query behind the listings, and its Atom feed."""

from django.contrib.syndication.views import Feed
from django.db.models import Exists, F, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles.models import Article, ArticleRevision

FEED_ITEMS = 50

# What User.name needs, so listings load authors without their whole rows.
USER_NAME_FIELDS = ("username", "display_name", "first_name", "last_name")


def recent_changes(user, section=None):
    """Changes to live articles ``user`` may see, newest first (``section``: its subtree only).

    Loads what a change list shows (never article bodies) with its article and author in
    the same query.
    """
    articles = Article.objects.visible_to(user)
    # Insertion order is time order, and the primary key is the cheapest index to walk.
    newest_first = F("pk").desc()
    if section is None:
        # Walks the newest changes and checks each one's article: stops after a page.
        changes = ArticleRevision.objects.filter(Exists(articles.filter(pk=OuterRef("article"))))
    else:
        # Starts from the subtree's articles (a range of one index), then their changes. "+ 0"
        # hides the primary key index from PostgreSQL, which otherwise walks the whole wiki's
        # history backwards looking for a quiet section's few changes.
        subtree = articles.filter(
            tree_id=section.tree_id, lft__gte=section.lft, lft__lte=section.rght
        )
        changes = ArticleRevision.objects.filter(article__in=subtree.values("pk"))
        newest_first = (F("pk") + 0).desc()
    return (
        changes.select_related("article", "revision__user")
        .only(
            "number",
            "kind",
            "title",
            "size_delta",
            "detail",
            "article__title",
            "article__path",
            "article__comment_count",
            "revision__date_created",
            "revision__comment",
            *(f"revision__user__{field}" for field in USER_NAME_FIELDS),
        )
        .order_by(newest_first)
    )


def change_url(change):
    """Where a change is shown: the diff with the revision before it, or the first revision."""
    path = change.article.path
    if change.number > 1:
        diff = reverse("articles:diff", kwargs={"path": path})
        return f"{diff}?from={change.number - 1}&to={change.number}"
    return reverse("articles:revision", kwargs={"path": path, "number": change.number})


class RecentChangesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request):
        section = None
        if path := request.GET.get("section", "").strip().strip("/"):
            sections = Article.objects.visible_to(request.user).only(
                "title", "path", "tree_id", "lft", "rght"
            )
            section = get_object_or_404(sections, path=path)
        return request.user, section

    def title(self, obj):
        _, section = obj
        return f"Recent changes in {section.title}" if section else "Recent changes"

    def subtitle(self, obj):
        return "Edits, new articles, moves and deletions, newest first."

    def link(self, obj):
        _, section = obj
        if section is not None:
            return reverse("articles:recent_section", kwargs={"path": section.path})
        return reverse("articles:recent")

    def items(self, obj):
        user, section = obj
        return recent_changes(user, section)[:FEED_ITEMS]

    def item_title(self, change):
        author = change.revision.user.name if change.revision.user else "someone"
        return f"{change.article.title} — {change.get_kind_display()} by {author}"

    def item_description(self, change):
        # Atom readers treat the summary as HTML; an edit summary is plain text.
        return escape(change.revision.comment or change.detail)

    def item_link(self, change):
        return change_url(change)

    def item_pubdate(self, change):
        return change.revision.date_created

    def item_updateddate(self, change):
        return change.revision.date_created

    def item_author_name(self, change):
        return change.revision.user.name if change.revision.user else None
