from django.utils.functional import SimpleLazyObject

from review.services import overdue_article_ids


def overdue(request):
    """``overdue_ids``: the set of overdue article ids, for the marks in listings and search.

    Lazy: pages that don't test ``{% if pk in overdue_ids %}`` never load it, and the pages
    that do read it from the cache (see ``services.overdue_article_ids``)."""
    return {"overdue_ids": SimpleLazyObject(overdue_article_ids)}
