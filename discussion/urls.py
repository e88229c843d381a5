from django.urls import path

from discussion import views

app_name = "discussion"

# Mounted before articles.urls, whose "wiki/<path>/" would swallow "wiki/<path>/_comments/".
urlpatterns = [
    path("wiki/<path:path>/_comments/", views.post, name="post"),
    path("discussion/comments/<int:comment_id>/", views.permalink, name="permalink"),
    path("discussion/comments/<int:comment_id>/reply/", views.reply, name="reply"),
    path("discussion/comments/<int:comment_id>/edit/", views.edit, name="edit"),
    path("discussion/comments/<int:comment_id>/delete/", views.delete, name="delete"),
    path("discussion/comments/<int:comment_id>/resolve/", views.resolve, name="resolve"),
    path("discussion/comments/<int:comment_id>/hide/", views.hide, name="hide"),
    path("discussion/comments/<int:comment_id>/unhide/", views.unhide, name="unhide"),
    path("discussion/comments/<int:comment_id>/report/", views.report, name="report"),
    path("discussion/comments/<int:comment_id>/history/", views.history, name="history"),
]
