"""An article's history: its list of revisions, one old revision, a diff, a revert.

Each view is called as ``(request, path[, number])``; ``article_view`` turns the path into the
article (through ``visible_to``/``editable_by``) or redirects an old path to the new one.
"""

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from reversion.models import Version

from articles import services
from articles.diffs import diff_rows, diff_stats
from articles.history_forms import DiffForm, RevertForm
from articles.lookup import article_view

REVISIONS_PER_PAGE = 50
# Old revisions never change, but their wiki links resolve against today's articles, so the
# rendered HTML expires now and then instead of showing a since-created page as missing forever.
RENDERED_REVISION_SECONDS = 60 * 60 * 24


def _version_or_404(article, number):
    # Numbers run 1..revision_number without gaps. Checking first also keeps a huge number
    # from the URL out of the database, which would overflow its integer column.
    if 1 <= number <= article.revision_number:
        try:
            return article.version_for(number)
        except Version.DoesNotExist:
            pass
    raise Http404(f"“{article.title}” has no revision {number}.")


def _revision_html(article, number, body):
    key = f"lore:revision-html:{article.pk}:{number}"
    return cache.get_or_set(
        key, lambda: services.render_body(body)[0], timeout=RENDERED_REVISION_SECONDS
    )


@require_GET
@article_view()
def history(request, article):
    revisions = article.revisions.select_related("revision__user")
    page_obj = Paginator(revisions, REVISIONS_PER_PAGE).get_page(request.GET.get("page"))
    latest = article.revision_number
    context = {
        "article": article,
        "page_obj": page_obj,
        "revisions": page_obj.object_list,
        "default_from": max(latest - 1, 1),
        "default_to": latest,
    }
    return render(request, "articles/history.html", context)


@require_GET
@article_view()
def revision(request, article, number):
    version = _version_or_404(article, number)
    saved = version.field_dict
    context = {
        "article": article,
        "number": number,
        "meta": version.revision.article_meta,
        "saved_by": version.revision.user,
        "saved_at": version.revision.date_created,
        "title": saved["title"],
        "body_html": _revision_html(article, number, saved["body"]),
        "is_current": number == article.revision_number,
        "crumb_tail": f"Revision {number}",
    }
    return render(request, "articles/revision.html", context)


@require_GET
@article_view()
def diff(request, article):
    form = DiffForm(request.GET, article=article)
    if not form.is_valid():
        context = {"article": article, "form": form}
        return render(request, "articles/diff.html", context, status=400)
    context = {
        "article": article,
        "form": form,
        "mode": form.cleaned_data["mode"],
        "whole_text": form.whole_text,
        # Not {% querystring %}: its own "context" argument hides a "context" query key.
        "toggle_context_url": _with_query(request, context=None if form.whole_text else "all"),
        **_comparison(article, form.cleaned_data["from"], form.cleaned_data["to"], form.whole_text),
    }
    return render(request, "articles/diff.html", context)


def _comparison(article, old_number, new_number, whole_text):
    """What the diff page shows about two revisions, oldest first."""
    old, new = _version_or_404(article, old_number), _version_or_404(article, new_number)
    old_meta, new_meta = old.revision.article_meta, new.revision.article_meta
    old_text, new_text = old.field_dict, new.field_dict
    return {
        "old_meta": old_meta,
        "new_meta": new_meta,
        "comparison": [(old_meta, "From"), (new_meta, "To")],
        "old_title": old_text["title"],
        "new_title": new_text["title"],
        "stats": diff_stats(old_text["body"], new_text["body"]),
        "rows": diff_rows(old_text["body"], new_text["body"], context=None if whole_text else 3),
        "old_label": f"Revision {old_number}",
        "new_label": f"Revision {new_number}",
        "caption": f"Changes from revision {old_number} to revision {new_number}",
        "older": old_number - 1 if old_number > 1 else None,
        "newer": new_number + 1 if new_number < article.revision_number else None,
    }


def _with_query(request, **changes):
    """This page's query string with ``changes`` applied (None removes a key)."""
    query = request.GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return f"?{query.urlencode()}"


@require_http_methods(["GET", "POST"])
@article_view(editable=True)
def revert(request, article, number):
    version = _version_or_404(article, number)
    form = RevertForm(request.POST if request.method == "POST" else None, article=article)
    if form.is_valid():
        return _revert(request, article, number)
    saved = version.field_dict
    context = {
        "article": article,
        "number": number,
        "meta": version.revision.article_meta,
        "saved_by": version.revision.user,
        "saved_at": version.revision.date_created,
        "old_title": saved["title"],
        "already_matches": (saved["title"], saved["body"]) == (article.title, article.body),
        "next_number": article.revision_number + 1,
        "problems": [problem for errors in form.errors.values() for problem in errors],
        # A refused confirmation is asked again against the article as it is now.
        "form": RevertForm(article=article) if form.is_bound else form,
    }
    status = 409 if form.errors else 200
    return render(request, "articles/revert_confirm.html", context, status=status)


def _revert(request, article, number):
    try:
        result = services.revert_article(article=article, number=number, author=request.user)
    except services.TreeError as exc:  # trashed between the page load and the click
        messages.error(request, exc.messages[0])
        return redirect("articles:home")
    if result.changed:
        messages.success(
            request,
            f"Reverted to revision {number}: the article is now at revision "
            f"{result.article.revision_number}. Earlier revisions are still in the history.",
        )
    else:
        messages.info(request, f"Nothing to do: the article already matches revision {number}.")
    return redirect(result.article)
