"""Every change to comments, and the one function that gives an article page its discussion.

Each write is one transaction that locks the comment row, changes it, keeps
``Article.comment_count`` (comments neither removed nor hidden) in step with an ``F()``
update, writes the moderation log when a moderator acted and tells the people concerned
through ``notifications.services``. Who may do what is decided here too (``permissions``),
so the page's buttons and the views' checks can't disagree.
"""

import functools
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from articles import access
from articles.models import Article
from articles.services import render_body
from discussion.models import MAX_DEPTH, Comment, CommentEdit, CommentReport, ModerationLog
from notifications import services as notifications
from notifications.mentions import link_mentions, mention_names, users_named

THREADS_PER_PAGE = 20
SUMMARY_CHARS = 200


class CommentRefused(Exception):
    """A change that can't be made, with a message for the person who tried."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- Who may do what ----------------------------------------------------------------------


@dataclass(frozen=True)
class Permissions:
    """What one person may do to one comment (the page's buttons and the views' checks)."""

    edit: bool = False
    delete: bool = False
    reply: bool = False
    resolve: bool = False
    moderate: bool = False
    report: bool = False


def permissions(user, comment, *, can_edit_article, is_moderator):
    """``can_edit_article``/``is_moderator``: ``access.can_edit(user, article)`` and
    ``access.access_for(user).is_moderator``, computed once per page by the caller."""
    own = comment.author_id == user.pk
    shown = comment.is_shown
    return Permissions(
        edit=own and shown,
        delete=not comment.is_deleted and (own or is_moderator),
        reply=shown,
        resolve=comment.is_root and (own or can_edit_article or is_moderator),
        moderate=is_moderator and not comment.is_deleted,
        report=shown and not own,
    )


def permissions_for(user, comment):
    return permissions(
        user,
        comment,
        can_edit_article=access.can_edit(user, comment.article),
        is_moderator=access.access_for(user).is_moderator,
    )


# --- Reading ------------------------------------------------------------------------------


@dataclass
class Discussion:
    """An article's discussion as one person sees one page of it."""

    article: Article
    threads: list
    page: int
    has_older: bool
    count: int
    can_post: bool
    is_moderator: bool
    max_chars: int = field(default_factory=lambda: settings.LORE_MAX_COMMENT_CHARS)
    # URL prefixes, so the template doesn't reverse() a dozen URLs per comment.
    comments_url: str = field(default_factory=lambda: _url_prefixes()[0])
    people_url: str = field(default_factory=lambda: _url_prefixes()[1])

    @property
    def post_url(self):
        return reverse("discussion:post", kwargs={"path": self.article.path})

    @property
    def has_newer(self):
        return self.page > 1


@functools.cache
def _url_prefixes():
    # Reversed once per process (as articles.models.wiki_prefix): every article page asks.
    return (
        reverse("discussion:permalink", args=[0])[:-2],
        reverse("people:profile", args=["x"])[:-2],
    )


def page_number(params):
    """The ``?comments=<n>`` thread page asked for (1 when missing or nonsense)."""
    from discussion.forms import ThreadPageForm

    if "comments" not in params:  # most views: no form to validate
        return 1
    form = ThreadPageForm(params)
    if form.is_valid() and form.cleaned_data["comments"]:
        return form.cleaned_data["comments"]
    return 1


def thread_for(article, user, params):
    """The discussion under ``article`` (visible to ``user``) for the page ``params`` names:
    up to THREADS_PER_PAGE threads, newest first, each with all its replies oldest first.

    One query however many comments (none when there is nothing to show): the page's roots
    are a subquery, and their replies are the rows whose ``thread`` is one of them.
    """
    page = page_number(params)
    allowed = access.access_for(user)
    discussion = Discussion(
        article=article,
        threads=[],
        page=page,
        has_older=False,
        count=article.comment_count,
        can_post=allowed.role != "",
        is_moderator=allowed.is_moderator,
    )
    if (
        article.comment_count == 0
        and article.hidden_comment_count == 0
        and page == 1
        and not allowed.is_moderator
    ):
        # Nothing to show: every comment (if any) is removed, and only moderators see what
        # hides behind those placeholders. (A hidden comment is still shown to its author.)
        return discussion
    roots = Comment.objects.filter(article=article, thread__isnull=True).order_by(
        "-created_at", "-pk"
    )
    start = (page - 1) * THREADS_PER_PAGE
    # One more root than shown, without its replies, says whether an older page exists.
    comments = (
        Comment.objects.filter(
            Q(pk__in=roots.values("pk")[start : start + THREADS_PER_PAGE + 1])
            | Q(thread__in=roots.values("pk")[start : start + THREADS_PER_PAGE])
        )
        .select_related("author", "reply_to__author")
        .order_by("created_at", "pk")
    )
    if allowed.is_moderator:
        open_reports = (
            CommentReport.objects.filter(comment=OuterRef("pk"), closed_at__isnull=True)
            .order_by()
            .values("comment")
            .annotate(n=Count("pk"))
            .values("n")
        )
        comments = comments.annotate(open_reports=Subquery(open_reports))
    can_edit_article = access.can_edit(user, article)
    by_id, threads = {}, []
    for comment in comments:
        comment.article = article
        comment.replies = []
        comment.may = permissions(
            user, comment, can_edit_article=can_edit_article, is_moderator=allowed.is_moderator
        )
        comment.outdated = comment.revision_number < article.revision_number
        # Removed: a placeholder for all. Hidden: a placeholder but for moderators and the
        # author, who see it marked.
        comment.show_body = comment.is_shown or (
            not comment.is_deleted and (allowed.is_moderator or comment.author_id == user.pk)
        )
        by_id[comment.pk] = comment
        if comment.thread_id is None:
            threads.append(comment)
        elif comment.parent_id in by_id:
            by_id[comment.parent_id].replies.append(comment)
    threads.sort(key=lambda c: (c.created_at, c.pk), reverse=True)
    for root in threads:
        root.reply_count = sum(1 + len(reply.replies) for reply in root.replies)
    discussion.has_older = len(threads) > THREADS_PER_PAGE
    # A thread of nothing but placeholders (for this reader) says nothing: left out.
    discussion.threads = [root for root in threads[:THREADS_PER_PAGE] if _shows_a_body(root)]
    return discussion


def _shows_a_body(comment):
    return comment.show_body or any(_shows_a_body(reply) for reply in comment.replies)


def page_of(comment):
    """The thread page (``?comments=``) that shows ``comment``."""
    root = comment if comment.is_root else comment.thread
    newer = (
        Comment.objects.filter(article_id=root.article_id, thread__isnull=True)
        .filter(Q(created_at__gt=root.created_at) | Q(created_at=root.created_at, pk__gt=root.pk))
        .count()
    )
    return newer // THREADS_PER_PAGE + 1


def comment_url(comment):
    """The comment on its article page: ``/wiki/<path>/?comments=<n>#comment-<id>``."""
    page = page_of(comment)
    query = f"?comments={page}" if page > 1 else ""
    return f"{comment.article.get_absolute_url()}{query}#comment-{comment.pk}"


# --- Writing ------------------------------------------------------------------------------


def render_comment(body):
    """The sanitised HTML for a comment's Markdown, @mentions linked, and the people named."""
    html, _toc, _links = render_body(body)
    names = mention_names(body)
    users = users_named(names)
    html = link_mentions(html, users)
    found = {user.username.lower() for user in users}
    unknown = [
        candidates[-1] for candidates in names if not any(name in found for name in candidates)
    ]
    return html, users, unknown


def _count(article_id, change, hidden=0):
    """Move the article's counts of visible and of hidden comments by these amounts."""
    changes = {}
    if change:
        changes["comment_count"] = F("comment_count") + change
    if hidden:
        changes["hidden_comment_count"] = F("hidden_comment_count") + hidden
    if changes:
        Article.objects.filter(pk=article_id).update(**changes)


def _locked(comment):
    """The comment re-read under a row lock, so two changes to it can't interleave."""
    fresh = Comment.objects.select_for_update().get(pk=comment.pk)
    fresh.article = comment.article
    return fresh


def _summary(comment):
    text = " ".join(comment.body.split())
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"


def post_comment(*, article, author, body, reply_to=None):
    """Post ``body`` under ``article`` (or as a reply to ``reply_to``, a comment on it).

    Returns ``(comment, unknown_names)``: the @names that matched nobody. Raises
    ``CommentRefused`` for a reply to a removed or hidden comment."""
    html, mentioned, unknown = render_comment(body)
    with transaction.atomic():
        parent = None
        if reply_to is not None:
            reply_to = _locked(reply_to)
            if reply_to.article_id != article.pk:
                raise CommentRefused("That comment is under another article.")
            if not reply_to.is_shown:
                raise CommentRefused(
                    "That comment was removed, so it can't be answered; "
                    "start a new thread or reply elsewhere in the thread."
                )
            # Two levels, then flat: answering a depth-2 comment sits beside it.
            parent = reply_to if reply_to.depth < MAX_DEPTH else reply_to.parent
        article_now = Article.objects.only("revision_number").get(pk=article.pk)
        comment = Comment.objects.create(
            article=article,
            author=author,
            thread_id=(parent.thread_id or parent.pk) if parent else None,
            parent=parent,
            reply_to=reply_to,
            depth=parent.depth + 1 if parent else 0,
            body=body,
            body_html=html,
            revision_number=article_now.revision_number,
        )
        _count(article.pk, 1)
        article.comment_count += 1
        _tell_people(comment, mentioned, reply_to)
    return comment, unknown


def _tell_people(comment, mentioned, reply_to):
    """Follow for the author; one notification each for the people concerned: the author of
    the comment answered ("reply"), people @mentioned ("mention"), other followers
    ("comment")."""
    article, author = comment.article, comment.author
    notifications.auto_follow(user=author, article=article, reason="comment")
    url = comment_url(comment)
    summary = _summary(comment)
    told = {author.pk}
    if reply_to is not None and reply_to.author_id not in told:
        notifications.notify(
            recipients=[reply_to.author],
            actor=author,
            kind="reply",
            article=article,
            url=url,
            summary=summary,
            comment=comment,
        )
        told.add(reply_to.author_id)
    mentioned = [user for user in mentioned if user.pk not in told]
    if mentioned:
        notifications.notify(
            recipients=mentioned,
            actor=author,
            kind="mention",
            article=article,
            url=url,
            summary=summary,
            comment=comment,
        )
        told.update(user.pk for user in mentioned)
    notifications.notify(
        recipients=notifications.followers_of(article).exclude(pk__in=told),
        actor=author,
        kind="comment",
        article=article,
        url=url,
        summary=summary,
        comment=comment,
    )


def edit_comment(*, comment, editor, body):
    """Replace the text of ``editor``'s own comment, keeping the old text as a CommentEdit.
    People newly @mentioned are told. Returns the @names that matched nobody."""
    html, mentioned, unknown = render_comment(body)
    with transaction.atomic():
        comment = _locked(comment)
        if comment.author_id != editor.pk:
            raise PermissionDenied("Only its author can edit a comment.")
        if not comment.is_shown:
            raise CommentRefused("This comment was removed or hidden and can't be edited.")
        if body == comment.body:
            return comment, unknown
        before = {user.pk for user in users_named(mention_names(comment.body))}
        now = timezone.now()
        CommentEdit.objects.create(
            comment=comment,
            body=comment.body,
            written_at=comment.edited_at or comment.created_at,
            replaced_at=now,
        )
        comment.body, comment.body_html, comment.edited_at = body, html, now
        comment.save(update_fields=["body", "body_html", "edited_at"])
        new = [user for user in mentioned if user.pk not in before and user.pk != editor.pk]
        if new:
            notifications.notify(
                recipients=new,
                actor=editor,
                kind="mention",
                article=comment.article,
                url=comment_url(comment),
                summary=_summary(comment),
                comment=comment,
            )
    return comment, unknown


def _log(*, moderator, action, comment, note=""):
    ModerationLog.objects.create(moderator=moderator, action=action, comment=comment, note=note)


def _close_reports(comment, moderator):
    CommentReport.objects.filter(comment=comment, closed_at__isnull=True).update(
        closed_at=timezone.now(), closed_by=moderator
    )


def delete_comment(*, comment, actor, note=""):
    """Remove a comment (its author, or a moderator: logged). Replies stay; the comment
    becomes a "comment removed" placeholder. Idempotent."""
    with transaction.atomic():
        comment = _locked(comment)
        own = comment.author_id == actor.pk
        if not own and not access.access_for(actor).is_moderator:
            raise PermissionDenied("Only its author or a moderator can remove a comment.")
        if comment.is_deleted:
            return comment
        comment.deleted_at = timezone.now()
        comment.save(update_fields=["deleted_at"])
        if comment.is_hidden:
            _count(comment.article_id, 0, hidden=-1)
        else:
            _count(comment.article_id, -1)
        if not own:
            _log(moderator=actor, action=ModerationLog.Action.DELETE, comment=comment, note=note)
            _close_reports(comment, actor)
    return comment


def set_resolved(*, comment, actor, resolved):
    """Mark a thread resolved (or open again): its author, the article's editors and
    moderators may; a moderator doing it for someone else is logged."""
    with transaction.atomic():
        comment = _locked(comment)
        is_moderator = access.access_for(actor).is_moderator
        may = permissions(
            actor,
            comment,
            can_edit_article=access.can_edit(actor, comment.article),
            is_moderator=is_moderator,
        )
        if not comment.is_root:
            raise CommentRefused("Only a whole thread can be marked resolved.")
        if not may.resolve:
            raise PermissionDenied(
                "Only the comment's author, the article's editors or a moderator can do that."
            )
        if comment.is_resolved == resolved:
            return comment
        comment.resolved_at = timezone.now() if resolved else None
        comment.resolved_by = actor if resolved else None
        comment.save(update_fields=["resolved_at", "resolved_by"])
        if is_moderator and comment.author_id != actor.pk:
            action = ModerationLog.Action.RESOLVE if resolved else ModerationLog.Action.REOPEN
            _log(moderator=actor, action=action, comment=comment)
    return comment


def _require_moderator(user):
    if not access.access_for(user).is_moderator:
        raise PermissionDenied("Only moderators can hide comments.")


def hide_comment(*, comment, moderator, reason=""):
    """Hide a comment from everyone but moderators and its author (logged; closes its open
    reports)."""
    _require_moderator(moderator)
    with transaction.atomic():
        comment = _locked(comment)
        if comment.is_hidden:
            return comment
        comment.hidden_at = timezone.now()
        comment.hidden_by = moderator
        comment.hidden_reason = reason
        comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        if not comment.is_deleted:
            _count(comment.article_id, -1, hidden=1)
        _log(moderator=moderator, action=ModerationLog.Action.HIDE, comment=comment, note=reason)
        _close_reports(comment, moderator)
    return comment


def unhide_comment(*, comment, moderator, note=""):
    _require_moderator(moderator)
    with transaction.atomic():
        comment = _locked(comment)
        if not comment.is_hidden:
            return comment
        comment.hidden_at = None
        comment.hidden_by = None
        comment.hidden_reason = ""
        comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        if not comment.is_deleted:
            _count(comment.article_id, 1, hidden=-1)
        _log(moderator=moderator, action=ModerationLog.Action.UNHIDE, comment=comment, note=note)
    return comment


def report_comment(*, comment, reporter, reason):
    """Report a comment to the moderators: one open report per person per comment."""
    if comment.author_id == reporter.pk:
        raise CommentRefused("You can't report your own comment; edit or remove it instead.")
    if not comment.is_shown:
        raise CommentRefused("That comment is already removed or hidden.")
    try:
        with transaction.atomic():
            return CommentReport.objects.create(comment=comment, reporter=reporter, reason=reason)
    except IntegrityError:
        raise CommentRefused(
            "You have already reported this comment; a moderator will look at it."
        ) from None


def dismiss_reports(*, comment, moderator, note=""):
    """Close the open reports on a comment without hiding it (logged)."""
    _require_moderator(moderator)
    with transaction.atomic():
        _close_reports(comment, moderator)
        _log(moderator=moderator, action=ModerationLog.Action.DISMISS, comment=comment, note=note)
