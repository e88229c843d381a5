from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def age(moment):
    """How long ago, in the unit people say: "today", "yesterday", "12 days ago",
    "3 months ago"."""
    if not moment:
        return ""
    days = (timezone.localdate() - timezone.localdate(moment)).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 60:
        return f"{days} days ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


@register.simple_tag(takes_context=True)
def page_url(context, param, number):
    """The current URL's query string with ``param`` set to ``number`` (other filters kept),
    for pages with several paginated lists."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"
