from django.shortcuts import render

from articles import access
from articles.lookup import article_view
from articles.models import Article
from articles.tree import sidebar_html
from discussion.services import thread_for
from notifications.services import follow_state

CHILDREN_SHOWN = 200
BACKLINKS_SHOWN = 50


@article_view(select_related=("updated_by", "read_root__restriction", "edit_root__restriction"))
def detail(request, article):
    visible = Article.objects.visible_to(request.user).only("id", "title", "path", "parent_id")
    ancestors = list(
        visible.filter(tree_id=article.tree_id, lft__lt=article.lft, rght__gt=article.rght)
        .only("id", "title", "path", "parent_id", "level")
        .order_by("lft")
    )
    context = {
        "article": article,
        "ancestors": ancestors,
        "children": visible.filter(parent=article).order_by("lft")[:CHILDREN_SHOWN],
        "backlinks": visible.filter(outgoing_links__target=article).order_by("title")[
            :BACKLINKS_SHOWN
        ],
        "sidebar_html": sidebar_html(request.user, article, ancestors),
        "can_edit": access.can_edit(request.user, article),
        "can_restrict": access.access_for(request.user).is_moderator,
        # No query while the reader's follows are cached (notifications.services).
        "follow": follow_state(request.user, article, ancestors),
        "discussion": thread_for(article, request.user, request.GET),
    }
    return render(request, "articles/detail.html", context)
