"""Follows, notifications and each person's notification settings.

A follow of an article covers its whole subtree (``services.followers_of`` reads the mptt
range), so following a section is following one row. A notification is coalesced: while it
is unread, more of the same kind about the same article update it (``count``, ``summary``,
``updated_at``) instead of adding rows.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    CREATE = "create", "New article"
    EDIT = "edit", "Edit"
    MOVE = "move", "Move"
    DELETE = "delete", "Deletion"
    RESTORE = "restore", "Restore"
    COMMENT = "comment", "Comment"
    REPLY = "reply", "Reply"
    MENTION = "mention", "Mention"
    REVIEW_DUE = "review_due", "Review due"
    REVIEW_DIGEST = "review_digest", "Reviews due"
    OUTDATED_REPORT = "outdated_report", "Reported as outdated"


class Follow(models.Model):
    """``user`` hears about ``article`` and everything under it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="follow_unique"),
        ]

    def __str__(self):
        return f"{self.user} follows {self.article}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def readable_by(self, user):
        """Only notifications about articles ``user`` may still read (or about no article):
        a restriction added later hides what was said about the section."""
        from articles import access

        condition = access.readable_q(user, "article__")
        if not condition:  # no limit at all (Q() | Q(x) would be just Q(x))
            return self
        return self.filter(models.Q(article__isnull=True) | condition)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    url = models.CharField(max_length=2000)
    summary = models.CharField(max_length=500, blank=True)
    # A discussion comment's id; not a foreign key, so this app doesn't depend on that one.
    comment_id = models.PositiveBigIntegerField(null=True, blank=True)
    # For edits: the revision before the first change this notification covers, so a
    # coalesced burst links to one diff of all of it.
    revision_from = models.PositiveIntegerField(null=True, blank=True)
    count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # When an immediate email was queued for it (at most one per notification).
    emailed_at = models.DateTimeField(null=True, blank=True)
    # When a daily digest last included it.
    digested_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-updated_at"], name="notification_list_idx"),
            models.Index(
                fields=["recipient", "kind", "article"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.recipient}: {self.summary}"

    @property
    def is_unread(self):
        return self.read_at is None

    @property
    def reason(self):
        """Why the recipient was told, for the email's footer."""
        return _REASONS.get(self.kind, "you follow this article or a section above it")


_REASONS = {
    Kind.MENTION: "you were mentioned",
    Kind.REPLY: "someone replied to your comment",
    Kind.REVIEW_DUE: "you own this article",
    Kind.OUTDATED_REPORT: "you own this article",
    Kind.REVIEW_DIGEST: "you own these articles",
}


class NotificationSettings(models.Model):
    """One per person, created the first time they change something (defaults otherwise)."""

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", "Right away"
        DAILY = "daily", "A daily digest"
        NONE = "none", "Never"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_settings",
    )
    email = models.CharField(
        "Email me", max_length=10, choices=Email.choices, default=Email.IMMEDIATE
    )
    follow_on_create = models.BooleanField("Follow articles I create", default=True)
    follow_on_edit = models.BooleanField("Follow articles I edit", default=True)
    follow_on_comment = models.BooleanField("Follow articles I comment on", default=True)
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name_plural = "notification settings"

    def __str__(self):
        return f"Notification settings of {self.user}"

    @classmethod
    def for_user(cls, user):
        """The saved settings, or unsaved defaults (saving them is the first change)."""
        return cls.objects.filter(user=user).first() or cls(user=user)
