"""Comments under articles, their edit history, reports and the moderation log.

A thread is a root comment (``thread`` is None) and its replies (``thread`` points at the
root), so one query fetches a page of whole threads: ``thread IN (page of roots)``. Replies
nest two levels, then flatten: a reply to a depth-2 comment becomes its sibling at depth 2,
and ``reply_to`` remembers whom it answers.

Comments are never deleted by people: deleting sets ``deleted_at`` (a "comment removed"
placeholder keeps the thread readable) and moderators hide (``hidden_at``).
``Article.comment_count`` counts the comments that are neither; ``discussion.services``
keeps it in step, in the same transaction as each change.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from articles import access

MAX_DEPTH = 2


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Comments on live articles ``user`` may read: every read of comments goes here."""
        return self.filter(access.readable_q(user, "article__"), article__deleted_at__isnull=True)

    def shown(self):
        """Neither removed by their author nor hidden by a moderator (what the count counts)."""
        return self.filter(deleted_at__isnull=True, hidden_at__isnull=True)

    def reported(self):
        return self.filter(reports__closed_at__isnull=True).distinct()


class Comment(models.Model):
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    # The root of the thread (None for a root), for fetching whole threads in one query.
    thread = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Where the comment sits: its root (depth 1) or a depth-1 comment (depth 2).
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    # The comment it answers (the parent, or a depth-2 sibling once the thread flattens).
    reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    body = models.TextField()
    # Rendered once, at save, by articles.markdown (sanitised) with @mentions linked.
    body_html = models.TextField()
    # The article's revision when the comment was written.
    revision_number = models.PositiveIntegerField()

    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.CharField(max_length=500, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # The page's roots, newest first, and their threads.
            models.Index(
                fields=["article", "-created_at"],
                condition=Q(thread__isnull=True),
                name="comment_roots_idx",
            ),
        ]

    def __str__(self):
        return f"Comment {self.pk} by {self.author} on {self.article}"

    def get_absolute_url(self):
        return reverse("discussion:permalink", args=[self.pk])

    @property
    def is_root(self):
        return self.thread_id is None

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @property
    def is_shown(self):
        return not self.is_deleted and not self.is_hidden

    @property
    def is_resolved(self):
        return self.resolved_at is not None

    @property
    def root_id(self):
        return self.thread_id or self.pk


class CommentEdit(models.Model):
    """The text a comment had before an edit: moderators can see what was changed."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="edits")
    body = models.TextField()
    # When that text was written (the comment's creation or its previous edit).
    written_at = models.DateTimeField()
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-pk"]

    def __str__(self):
        return f"Earlier text of comment {self.comment_id}"


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reports"
    )
    reason = models.CharField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    # Closed when a moderator hides or deletes the comment, or dismisses the report.
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"],
                condition=Q(closed_at__isnull=True),
                name="comment_report_one_open_per_person",
            ),
        ]

    def __str__(self):
        return f"Report on comment {self.comment_id} by {self.reporter}"

    @property
    def is_open(self):
        return self.closed_at is None


class ModerationLog(models.Model):
    class Action(models.TextChoices):
        HIDE = "hide", "Hid"
        UNHIDE = "unhide", "Unhid"
        DELETE = "delete", "Deleted"
        RESOLVE = "resolve", "Resolved"
        REOPEN = "reopen", "Reopened"
        DISMISS = "dismiss", "Dismissed reports on"

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="moderation")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.moderator} {self.get_action_display().lower()} comment {self.comment_id}"
