"""``{% change_list changes caption %}``: the table of changes (recent changes, the home page,
profiles), rendered once a minute for the same rows.

Rendering it through the template engine cost ~0.5 ms a row (a ``naturaltime``, two
``{% url %}`` and a dozen lookups each): 8 ms of the home page's 15 rows, 25 ms of a recent
changes page. The table shows nothing but its rows' own values, so its HTML is kept in the
cache under a hash of every value it shows, plus the minute (for "3 minutes ago"): a rename,
a new comment or an article becoming overdue changes the key and shows at once; nothing about
the reader is in it, because the rows were already chosen for them.
"""

import hashlib
import time

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from review.services import overdue_article_ids

register = template.Library()

CACHE_SECONDS = 120


def _shown(change, overdue):
    article, revision = change.article, change.revision
    return (
        change.pk,
        change.number,
        change.kind,
        change.size_delta,
        change.detail,
        article.title,
        article.path,
        article.comment_count,
        change.article_id in overdue,
        revision.comment,
        revision.date_created.timestamp(),
        revision.user.name if revision.user_id else "",
    )


@register.simple_tag
def change_list(changes, caption=""):
    rows = list(changes)
    overdue = overdue_article_ids()
    shown = (caption, int(time.time() // 60), *(_shown(change, overdue) for change in rows))
    key = "lore:change-list:" + hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()
    html = cache.get(key)
    if html is None:
        context = {"changes": rows, "caption": caption, "overdue_ids": overdue}
        html = render_to_string("articles/includes/change_list.html", context)
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)
