from django.shortcuts import render

from articles import access
from articles.fragments import article_fragments
from articles.lookup import article_view
from discussion.services import thread_for
from notifications.services import follow_state
from review.pageviews import count_view
from review.services import panel_for


# One query for the article and its breadcrumbs; the body, sub-articles, backlinks and the
# sidebar come rendered from the cache (articles/fragments.py), or cost two or three more.
@article_view(
    select_related=("updated_by", "review", "review__last_verified_by"), with_ancestors=True
)
def detail(request, article):
    ancestors = article.visible_ancestors
    fragments = article_fragments(request.user, article, ancestors)
    context = {
        "article": article,
        "ancestors": ancestors,
        "fragments": fragments,
        "sidebar_html": fragments.sidebar_html,
        "can_edit": access.can_edit(request.user, article),
        "can_restrict": access.access_for(request.user).is_moderator,
        # No query while the reader's follows are cached (notifications.services).
        "follow": follow_state(request.user, article, ancestors),
        "review": panel_for(request.user, article),
        "discussion": thread_for(article, request.user, request.GET),
    }
    count_view(article)  # a cache increment; written to the database later, in batches
    return render(request, "articles/detail.html", context)
