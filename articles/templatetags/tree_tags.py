"""``{{ nodes|tree_items }}``: the sidebar tree's <li> items, formatted in Python.

A sidebar has 40–200 nodes; the same markup as a template loop cost ~70 µs a node (a dozen
variable lookups and a ``{% url %}`` each), most of the work of rendering an article page that
isn't in the cache yet. Formatting each node with ``format_html`` costs a tenth of that. The
markup itself is documented in templates/articles/includes/tree_children.html.
"""

import functools

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@functools.cache
def _children_url_prefix():
    return reverse("articles:tree_children", args=[0])[: -len("0/")]


@register.filter
def tree_items(nodes):
    """Nodes of ``articles.tree`` (a flat list in tree order) as nested <li>/<ul> markup: an
    open node leaves its <ul> open, and ``node.closes`` says how many lists end after it."""
    children_prefix = _children_url_prefix()
    parts = []
    for node in nodes:
        title = conditional_escape(node.title)
        url = conditional_escape(node.url)
        if node.is_more:
            parts.append(
                f'\n<li class="tree-item tree-item-more" style="--depth: {node.depth}">'
                f'<a class="tree-link" href="{url}">{title}</a></li>\n'
            )
        else:
            group_id = node.group_id
            if node.has_children:
                toggle = (
                    f'<button type="button" class="tree-toggle" '
                    f'aria-expanded="{"true" if node.is_open else "false"}" '
                    f'aria-controls="{group_id}" data-url="{children_prefix}{node.pk}/">'
                    f'<span class="visually-hidden">Sub-articles of {title}</span></button>'
                )
            else:
                toggle = '<span class="tree-spacer" aria-hidden="true"></span>'
            current = ' aria-current="page"' if node.is_current else ""
            if node.is_open:
                end = f'<ul class="tree-list" id="{group_id}">'
            elif node.has_children:
                end = f'<ul class="tree-list" id="{group_id}" hidden></ul></li>'
            else:
                end = "</li>"
            parts.append(
                f'\n<li class="tree-item" style="--depth: {node.depth}"><div class="tree-row">'
                f'{toggle}<a class="tree-link" href="{url}"{current}>{title}</a></div>\n{end}\n'
            )
        parts.append("</ul></li>" * len(node.closes))
    # Every value above is escaped or an integer we made.
    return mark_safe("".join(parts))


def mark_current(html, url):
    """``html`` from ``tree_items`` with the node linking to ``url`` marked as the current page
    (as ``node.is_current`` would have), or None if no node links there. Lets pages that
    show the same tree share one rendering of it."""
    link = f'<a class="tree-link" href="{conditional_escape(url)}">'
    at = html.find(link)
    if at < 0:
        return None
    end = at + len(link) - 1
    return mark_safe(f'{html[:end]} aria-current="page"{html[end:]}')
