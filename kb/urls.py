from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from kb.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("search/", include("search.urls")),
    path("people/", include("accounts.people_urls")),
    path("notifications/", include("notifications.urls")),
    # Before articles.urls, whose "wiki/<path>/" would swallow "wiki/<path>/_review/".
    path("", include("review.urls")),
    path("", include("discussion.urls")),
    path("", include("articles.urls")),
]
if settings.LORE_OIDC_ENABLED:
    # Only the OpenID Connect sign-in and callback: Lore keeps its own account pages.
    urlpatterns.insert(
        0, path("accounts/sso/", include("allauth.socialaccount.providers.openid_connect.urls"))
    )

handler404 = "kb.errors.page_not_found"
handler500 = "kb.errors.server_error"

admin.site.site_header = f"{settings.SITE_NAME} administration"
admin.site.site_title = settings.SITE_NAME
