"""Posting and acting on comments.

Every action is a plain form POST that redirects to the comment's permalink, so it all
works without JavaScript. ``static/js/discussion.js`` sends the same forms with the
``X-Lore-Partial`` header; then a success answers with the re-rendered discussion section
and a refused form with the form and its message, for the script to swap in.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles import access
from articles.lookup import article_view
from discussion import services
from discussion.forms import CommentForm, ReasonForm, ResolveForm
from discussion.models import Comment

PARTIAL_HEADER = "HTTP_X_LORE_PARTIAL"


def _comment(request, comment_id):
    """The comment, if ``request.user`` may read its article (else 404, like the article)."""
    return get_object_or_404(
        Comment.objects.visible_to(request.user).select_related("article", "author"),
        pk=comment_id,
    )


def _is_partial(request):
    return request.META.get(PARTIAL_HEADER) == "discussion"


def _done(request, comment, message="", collapsed=False):
    """After a change: the discussion section (script) or the comment's permalink.

    ``collapsed``: the comment's thread was just resolved, so the script leaves it folded
    and focuses its summary instead of opening it at the comment."""
    if message:
        messages.success(request, message)
    url = services.comment_url(comment)
    if not _is_partial(request):
        return redirect(url)
    article = comment.article
    article.refresh_from_db(fields=["comment_count", "revision_number"])
    page = {"comments": services.page_of(comment)}
    response = render(
        request,
        "discussion/_thread.html",
        {"discussion": services.thread_for(article, request.user, page), "partial": True},
    )
    response["X-Comment-Url"] = url
    response["X-Comment-Id"] = str(comment.pk)
    if collapsed:
        response["X-Thread-Collapsed"] = "1"
    return response


def _refused(request, *, form, action, title, article, comment=None, status=400):
    """The form again, with its message and the person's text kept."""
    template = "discussion/_form.html" if _is_partial(request) else "discussion/form_page.html"
    context = {"form": form, "action": action, "title": title, "article": article}
    return render(request, template, {**context, "comment": comment}, status=status)


def _unknown_names_message(request, unknown):
    if unknown:
        names = ", ".join(f"@{name}" for name in unknown)
        messages.warning(request, f"Nobody here is called {names}, so nobody was told.")


@require_POST
@article_view()
def post(request, article):
    form = CommentForm(request.POST, auto_id="new-comment-%s")
    action = request.path
    if not form.is_valid():
        return _refused(request, form=form, action=action, title="New comment", article=article)
    comment, unknown = services.post_comment(
        article=article, author=request.user, body=form.cleaned_data["body"]
    )
    _unknown_names_message(request, unknown)
    return _done(request, comment, "Your comment is posted.")


@require_POST
def reply(request, comment_id):
    target = _comment(request, comment_id)
    form = CommentForm(request.POST, auto_id=f"reply-{target.pk}-%s")
    context = {"action": request.path, "title": "Reply", "article": target.article}
    if not form.is_valid():
        return _refused(request, form=form, comment=target, **context)
    try:
        comment, unknown = services.post_comment(
            article=target.article,
            author=request.user,
            body=form.cleaned_data["body"],
            reply_to=target,
        )
    except services.CommentRefused as refused:
        form.add_error("body", refused.message)
        return _refused(request, form=form, comment=target, status=409, **context)
    _unknown_names_message(request, unknown)
    return _done(request, comment, "Your reply is posted.")


@require_http_methods(["GET", "POST"])
def edit(request, comment_id):
    comment = _comment(request, comment_id)
    if comment.author_id != request.user.pk:
        raise PermissionDenied("Only its author can edit a comment.")
    context = {"action": request.path, "title": "Edit comment", "article": comment.article}
    if request.method == "GET":
        form = CommentForm(initial={"body": comment.body}, auto_id=f"edit-{comment.pk}-%s")
        return _refused(request, form=form, comment=comment, status=200, **context)
    form = CommentForm(request.POST, auto_id=f"edit-{comment.pk}-%s")
    if not form.is_valid():
        return _refused(request, form=form, comment=comment, **context)
    try:
        comment, unknown = services.edit_comment(
            comment=comment, editor=request.user, body=form.cleaned_data["body"]
        )
    except services.CommentRefused as refused:
        form.add_error("body", refused.message)
        return _refused(request, form=form, comment=comment, status=409, **context)
    _unknown_names_message(request, unknown)
    return _done(request, comment, "Your comment is updated.")


@require_POST
def delete(request, comment_id):
    comment = _comment(request, comment_id)
    form = ReasonForm(request.POST)
    note = form.cleaned_data["reason"] if form.is_valid() else ""
    comment = services.delete_comment(comment=comment, actor=request.user, note=note)
    return _done(request, comment, "The comment is removed.")


@require_POST
def resolve(request, comment_id):
    comment = _comment(request, comment_id)
    form = ResolveForm(request.POST)
    form.is_valid()  # a missing or unticked box means "open again"
    resolved = form.cleaned_data.get("resolved", False)
    try:
        comment = services.set_resolved(comment=comment, actor=request.user, resolved=resolved)
    except services.CommentRefused as refused:
        messages.error(request, refused.message)
        return _done(request, comment)
    message = "Marked resolved." if resolved else "The thread is open again."
    return _done(request, comment, message, collapsed=resolved)


@require_POST
def hide(request, comment_id):
    comment = _comment(request, comment_id)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    comment = services.hide_comment(comment=comment, moderator=request.user, reason=reason)
    return _done(request, comment, "The comment is hidden.")


@require_POST
def unhide(request, comment_id):
    comment = _comment(request, comment_id)
    comment = services.unhide_comment(comment=comment, moderator=request.user)
    return _done(request, comment, "The comment is visible again.")


@require_http_methods(["GET", "POST"])
def report(request, comment_id):
    comment = _comment(request, comment_id)
    form = ReasonForm(request.POST or None, required=True, auto_id=f"report-{comment.pk}-%s")
    context = {"action": request.path, "title": "Report comment", "article": comment.article}
    if request.method == "GET" or not form.is_valid():
        status = 200 if request.method == "GET" else 400
        return _refused(request, form=form, comment=comment, status=status, **context)
    try:
        services.report_comment(
            comment=comment, reporter=request.user, reason=form.cleaned_data["reason"]
        )
    except services.CommentRefused as refused:
        messages.error(request, refused.message)
        return _done(request, comment)
    return _done(request, comment, "Thank you: the moderators will look at it.")


@require_GET
def permalink(request, comment_id):
    """A stable address: the right thread page of the article, at the comment."""
    return redirect(services.comment_url(_comment(request, comment_id)))


@require_GET
def history(request, comment_id):
    """Earlier texts of an edited comment: moderators only."""
    comment = _comment(request, comment_id)
    if not access.access_for(request.user).is_moderator:
        raise PermissionDenied("Only moderators can see earlier versions of a comment.")
    context = {"comment": comment, "article": comment.article, "edits": comment.edits.all()}
    return render(request, "discussion/history.html", context)
