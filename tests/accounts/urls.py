"""kb.urls plus /people/, for as long as kb/urls.py doesn't include accounts.people_urls yet
(tests/accounts/conftest.py switches to it only then)."""

from django.urls import include, path

from kb.urls import handler404, handler500  # noqa: F401
from kb.urls import urlpatterns as site_urls

urlpatterns = [path("people/", include("accounts.people_urls")), *site_urls]
