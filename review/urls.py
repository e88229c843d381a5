from django.urls import path

from review import views

app_name = "review"

# Included before articles.urls: "wiki/<path>/" would otherwise take "…/_review/" as a path.
urlpatterns = [
    path("knowledge-health/", views.knowledge_health, name="health"),
    path("wiki/<path:path>/_review/", views.review_settings, name="settings"),
    path("wiki/<path:path>/_verify/", views.verify, name="verify"),
    path("wiki/<path:path>/_helpful/", views.vote, name="vote"),
    path("wiki/<path:path>/_report/", views.report, name="report"),
]
