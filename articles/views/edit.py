from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from articles import access, services
from articles.diffs import diff_rows
from articles.forms import ArticleForm, MoveForm, NewArticleForm, PreviewForm, tags_text
from articles.lookup import article_view
from articles.models import Article


def _form_error(form, exc):
    for message in exc.messages:
        form.add_error(None, message)


@require_http_methods(["GET", "POST"])
def new(request, parent=None):
    if not access.access_for(request.user).can_write:
        raise PermissionDenied("Your role lets you read and comment, not write articles.")
    initial = {"title": request.GET.get("title", "")[:200]}
    initial["parent"] = parent.path if parent else request.GET.get("parent", "")[:1000]
    form = NewArticleForm(request.POST or None, initial=initial, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            article = services.create_article(
                title=data["title"],
                slug=data["slug"],
                body=data["body"],
                summary=data["summary"],
                parent=data["parent"],
                author=request.user,
                tags=data["tags"],
            )
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"Created “{article.title}”.")
            return redirect(article)
    return render(request, "articles/edit.html", {"form": form, "parent": parent, "creating": True})


@article_view(editable=True)
def new_child(request, article):
    return new(request, parent=article)


@require_http_methods(["GET", "POST"])
@article_view(editable=True)
def edit(request, article):
    initial = {
        "title": article.title,
        "slug": article.slug,
        "body": article.body,
        "tags": tags_text(article.tags.all()),
        "base_revision": article.revision_number,
    }
    form = ArticleForm(request.POST or None, initial=initial)
    if not form.is_valid():
        return render(request, "articles/edit.html", {"form": form, "article": article})
    data = form.cleaned_data
    base = data["base_revision"] if data["base_revision"] is not None else article.revision_number
    try:
        result = services.edit_article(
            article=article,
            base_revision=base,
            title=data["title"],
            slug=data["slug"] or article.slug,
            body=data["body"],
            summary=data["summary"],
            author=request.user,
            tags=data["tags"],
        )
    except services.EditConflict as conflict:
        return _conflict(request, conflict, data)
    except ValidationError as exc:
        _form_error(form, exc)
        return render(request, "articles/edit.html", {"form": form, "article": article})
    saved = result.article
    if result.merged:
        diff_url = reverse("articles:diff", kwargs={"path": saved.path})
        messages.warning(
            request,
            format_html(
                "Someone else saved this article while you were editing. Your changes did not "
                'overlap with theirs, so both were merged. <a href="{}?from={}&amp;to={}">'
                "Check what changed</a>.",
                diff_url,
                base,
                saved.revision_number,
            ),
        )
    elif result.changed:
        messages.success(request, "Your changes are saved.")
    else:
        messages.info(request, "Nothing changed, so no new revision was made.")
    return redirect(saved)


def _conflict(request, conflict, data):
    """Overlapping edits: keep the user's text in a form based on the *current* revision,
    and show how it differs from what is saved now."""
    current = conflict.current
    form = ArticleForm(
        initial={
            "title": conflict.mine_title,
            "slug": data["slug"] or current.slug,
            "body": conflict.mine_body,
            "summary": data["summary"],
            "tags": tags_text(current.tags.all())
            if conflict.mine_tags is None
            else ", ".join(name for name, _slug in conflict.mine_tags),
            "base_revision": current.revision_number,
        }
    )
    context = {
        "form": form,
        "article": current,
        "rows": diff_rows(current.body, conflict.mine_body),
    }
    return render(request, "articles/conflict.html", context, status=409)


@require_POST
def preview(request):
    form = PreviewForm(request.POST)
    if not form.is_valid():
        return HttpResponse(
            format_html('<p class="preview-error" role="alert">{}</p>', form.errors["body"][0]),
            status=400,
        )
    html, _toc, _links = services.render_body(form.cleaned_data["body"])
    return HttpResponse(html or '<p class="muted">Nothing to preview yet.</p>')


@require_http_methods(["GET", "POST"])
@article_view(editable=True, select_related=("parent",))
def move(request, article):
    form = MoveForm(request.POST or None, user=request.user)
    if form.is_valid():
        try:
            result = services.move_article(
                article=article,
                target=form.cleaned_data["target"],
                position=form.cleaned_data["position"],
                author=request.user,
            )
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            if result.changed:
                messages.success(request, f"Moved to /{result.article.path}/.")
            return redirect(result.article)
    siblings = (
        Article.objects.visible_to(request.user)
        .filter(parent_id=article.parent_id)
        .exclude(pk=article.pk)
        .only("id", "title", "path")
        .order_by("tree_id", "lft")[:100]
    )
    return render(
        request, "articles/move.html", {"form": form, "article": article, "siblings": siblings}
    )


@require_http_methods(["GET", "POST"])
@article_view(editable=True, select_related=("parent",))
def delete(request, article):
    if request.method == "POST":
        services.trash_article(article=article, author=request.user)
        messages.success(
            request,
            f"“{article.title}” is in the trash. Anyone who can edit it can restore it from there.",
        )
        return redirect(article.parent or "articles:home")
    descendants = article.get_descendants().live().count()
    return render(request, "articles/delete.html", {"article": article, "descendants": descendants})
