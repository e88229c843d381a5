"""Tag pages: all tags with counts, one tag's articles, and the editor's tag suggestions.

Counts and lists come through ``Article.objects.visible_to``: a tag carried only by articles
someone may not read doesn't exist for them (404, not listed, not suggested).
"""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from articles.fragments import plain_sidebar_html
from articles.models import MAX_TAG_CHARS, Article, Tag, TagRedirect, tag_slug

ARTICLES_PER_PAGE = 50
TAG_SUGGESTIONS = 8


@require_GET
def tag_list(request):
    tags = Tag.objects.with_visible_counts(request.user)
    context = {"tags": list(tags), "sidebar_html": plain_sidebar_html(request.user)}
    return render(request, "articles/tags.html", context)


@require_GET
def tag_detail(request, slug):
    canonical = tag_slug(slug)
    if not canonical:
        raise Http404("No such tag.")
    if canonical != slug:
        # /tags/PostgreSQL/ or /tags/on call/, typed by hand: the tag's own address.
        return redirect("articles:tag", slug=canonical, permanent=True)
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        moved = TagRedirect.objects.filter(old_slug=slug).select_related("tag").first()
        if moved is None:
            raise Http404("No such tag.")
        return redirect(moved.tag, permanent=True)  # renamed, or merged into another
    articles = (
        Article.objects.visible_to(request.user)
        .filter(tags=tag)
        .select_related("updated_by")
        .only(
            "title",
            "path",
            "updated_at",
            "updated_by__username",
            "updated_by__first_name",
            "updated_by__last_name",
            "updated_by__display_name",
        )  # fmt: skip
        .order_by("title", "pk")
    )
    page_obj = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    if not page_obj.paginator.count:
        raise Http404("No such tag.")
    context = {"tag": tag, "page_obj": page_obj, "sidebar_html": plain_sidebar_html(request.user)}
    return render(request, "articles/tag.html", context)


@require_GET
def tag_suggest(request):
    """Existing tags starting with what is typed (or with a word of it), most used first: an
    HTML fragment of options for static/js/tags.js."""
    typed = tag_slug(request.GET.get("q", "")[:MAX_TAG_CHARS])
    tags = []
    if typed:
        tags = list(
            Tag.objects.with_visible_counts(request.user)
            .filter(Q(slug__startswith=typed) | Q(slug__contains=f"-{typed}"))
            .order_by("-article_count", "slug")[:TAG_SUGGESTIONS]
        )
    return render(request, "articles/tag_suggestions.html", {"tags": tags})
