from django.urls import path

from articles.views import access, article, edit, history, listings, tags

app_name = "articles"

# Slugs never start with "_", so "_edit/", "_history/"... can't collide with an article.
urlpatterns = [
    path("", listings.home, name="home"),
    path("wiki/", listings.home, name="index"),
    path("wiki/_new/", edit.new, name="new"),
    path("wiki/_preview/", edit.preview, name="preview"),
    path("wiki/_recent/", listings.recent, name="recent"),
    path("wiki/_recent/feed/", listings.recent_feed, name="recent_feed"),
    path("wiki/_trash/", listings.trash, name="trash"),
    path("wiki/_trash/<int:pk>/restore/", listings.restore, name="restore"),
    path("wiki/_trash/<int:pk>/purge/", listings.purge, name="purge"),
    path("wiki/_tree/<int:pk>/", listings.tree_children, name="tree_children"),
    # Tag slugs never start with "_" either.
    path("tags/", tags.tag_list, name="tags"),
    path("tags/_suggest/", tags.tag_suggest, name="tag_suggest"),
    path("tags/<str:slug>/", tags.tag_detail, name="tag"),
    path("wiki/<path:path>/_edit/", edit.edit, name="edit"),
    path("wiki/<path:path>/_new/", edit.new_child, name="new_child"),
    path("wiki/<path:path>/_move/", edit.move, name="move"),
    path("wiki/<path:path>/_access/", access.restrict, name="access"),
    path("wiki/<path:path>/_delete/", edit.delete, name="delete"),
    path("wiki/<path:path>/_history/", history.history, name="history"),
    path("wiki/<path:path>/_diff/", history.diff, name="diff"),
    path("wiki/<path:path>/_revision/<int:number>/", history.revision, name="revision"),
    path("wiki/<path:path>/_revert/<int:number>/", history.revert, name="revert"),
    path("wiki/<path:path>/_recent/", listings.recent, name="recent_section"),
    path("wiki/<path:path>/", article.detail, name="detail"),
]
