from django.shortcuts import render
from django.views.decorators.http import require_GET

from articles.fragments import plain_sidebar_html
from search.forms import SearchForm
from search.language import MAX_QUERY_CHARS
from search.query import record_failed_search, search, suggest_titles


@require_GET
def results(request):
    form = SearchForm(request.GET, user=request.user)
    found = None
    if form.is_valid():
        found = search(
            request.user,
            form.cleaned_data["q"],
            section=form.cleaned_data["section"],
            author=form.cleaned_data["author"],
            updated_after=form.cleaned_data["updated_after"],
            updated_before=form.cleaned_data["updated_before"],
            tag=form.cleaned_data["tag"],
            page=request.GET.get("page", 1),
        )
        if found.searched and not found.total:
            record_failed_search(found.query)
    context = {
        "form": form,
        "results": found,
        "page_obj": found.page_obj if found else None,
        "max_query_chars": MAX_QUERY_CHARS,
        "sidebar_html": plain_sidebar_html(request.user),
    }
    return render(request, "search/results.html", context)


@require_GET
def suggest(request):
    """The header box's suggestions: an HTML fragment of options (see static/js/search.js)."""
    query = request.GET.get("q", "")
    context = {"suggestions": suggest_titles(request.user, query), "q": query.strip()}
    return render(request, "search/suggestions.html", context)
