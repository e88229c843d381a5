import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def site(request):
    from articles.access import access_for

    def can_write():
        # Called only by a template that asks (the header's "New article"): readers aren't
        # offered what would refuse them. The verdicts are cached per user.
        return access_for(getattr(request, "user", None)).can_write

    return {
        "SITE_NAME": settings.SITE_NAME,
        "can_write": can_write,
        "site_urls": _site_urls(get_script_prefix(), get_urlconf()),
    }


@functools.cache
def _site_urls(script_prefix, urlconf):
    """Addresses every page links to, reversed once per process (a reverse() is ~20 µs)."""
    names = {
        "home": "articles:home",
        "recent": "articles:recent",
        "tags": "articles:tags",
        "follow": "notifications:follow",
    }
    return {key: reverse(name, urlconf=urlconf) for key, name in names.items()}
