"""Baseline views for the bench: the cheapest page Django can serve through Lore's middleware.

A bare view returns a prebuilt page-sized string, so its throughput is what the server, WSGI and
the middleware stack cost on their own; Lore's pages are reported as a fraction of it. The
signed-in variant also pays for what every signed-in page pays: reading the session and the user.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

import kb.urls

# About the size of a rendered article page, so both send the same number of bytes.
PAGE_BYTES = 30_000
_ROW = "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.</p>\n"
PAGE = (
    "<!doctype html>\n<html lang=en><head><meta charset=utf-8><title>Bare</title></head><body>\n"
    + _ROW * (PAGE_BYTES // len(_ROW))
    + "</body></html>\n"
)


@login_not_required
def bare_anonymous(request):
    return HttpResponse(PAGE)


def bare_signed_in(request):
    # LoginRequiredMiddleware has already loaded the session and the user to let us in;
    # naming the user here makes the page depend on them, as a real page would.
    return HttpResponse(PAGE.replace("<title>Bare", f"<title>{request.user.pk}", 1))


urlpatterns = [
    path("bench/bare/", bare_anonymous, name="bench_bare"),
    path("bench/bare-signed-in/", bare_signed_in, name="bench_bare_signed_in"),
    *kb.urls.urlpatterns,
]
handler404 = kb.urls.handler404
handler500 = kb.urls.handler500
