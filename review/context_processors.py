from django.utils.functional import SimpleLazyObject

from articles.access import access_for
from review.services import overdue_article_ids


def overdue(request):
    """``overdue_ids``: the set of overdue article ids, for the marks in listings and search.
    ``moderates``: whether the user menu offers the knowledge health page.

    Both lazy: pages that don't test ``{% if pk in overdue_ids %}`` never load it, and the
    pages that do read it from the cache (see ``services.overdue_article_ids``); ``moderates``
    asks the access verdicts the header has already loaded (cached), so it costs no query.
    Owners who aren't moderators reach the page from their articles and their weekly digest."""
    return {
        "overdue_ids": SimpleLazyObject(overdue_article_ids),
        "moderates": lambda: access_for(getattr(request, "user", None)).is_moderator,
    }
