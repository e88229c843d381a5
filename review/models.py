"""Who owns an article, when it is due for review, what readers said about it, how often it is
read.

``ArticleReview`` is one row per article holding both what was set on that article (owners,
review interval) and the state derived from the tree (the owners and interval it inherits, its
due date), so article pages and listings show the status with a ``select_related`` and no
extra query. ``review.services`` keeps the derived fields current on every create, edit, move
and settings change.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models import Article

MIN_INTERVAL_DAYS = 1
MAX_INTERVAL_DAYS = 3650


class ArticleReview(models.Model):
    """An article's owners, review interval and review state (primary key: the article)."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="review"
    )

    # Set on this article; empty means "inherit from the nearest ancestor that sets them".
    owner_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="owned_reviews", verbose_name="owners"
    )
    owner_groups = models.ManyToManyField(
        Group, blank=True, related_name="owned_reviews", verbose_name="owner groups"
    )
    interval_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        verbose_name="review every (days)",
        validators=[MinValueValidator(MIN_INTERVAL_DAYS), MaxValueValidator(MAX_INTERVAL_DAYS)],
    )

    # Derived by review.services.refresh_subtree: never edit by hand.
    has_owners = models.BooleanField(default=False, editable=False)
    # Nearest ancestor-or-self that names owners: its owners own this article.
    owner_root = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # The owner root's owners by name, ready for pages ("Alice Archer, Docs (group)").
    owner_names = models.CharField(max_length=500, blank=True, editable=False)
    effective_interval_days = models.PositiveIntegerField(null=True, blank=True, editable=False)
    last_verified_at = models.DateTimeField(null=True, blank=True)
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_at = models.DateTimeField(null=True, blank=True, db_index=True, editable=False)
    # The due date owners were last told about: one "review due" notification per due period.
    due_notified_for = models.DateTimeField(null=True, blank=True, editable=False)

    # Aggregated reader feedback (who voted is only in HelpfulVote, never shown).
    helpful_yes = models.PositiveIntegerField(default=0, editable=False)
    helpful_no = models.PositiveIntegerField(default=0, editable=False)
    open_reports = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = "article review"
        constraints = [
            # The form and the service refuse these with a message; this keeps any other
            # write (a shell, a script) from storing an interval that would never or always
            # be due.
            models.CheckConstraint(
                condition=Q(interval_days__isnull=True)
                | Q(interval_days__gte=MIN_INTERVAL_DAYS, interval_days__lte=MAX_INTERVAL_DAYS),
                name="review_interval_in_range",
            )
        ]

    def __str__(self):
        return f"Review of article {self.article_id}"

    @property
    def is_overdue(self):
        return self.due_at is not None and self.due_at <= timezone.now()

    @property
    def helpful_total(self):
        return self.helpful_yes + self.helpful_no

    def computed_due_at(self):
        if self.effective_interval_days and self.last_verified_at:
            return self.last_verified_at + timedelta(days=self.effective_interval_days)
        return None


class HelpfulVote(models.Model):
    """One reader's "Was this helpful?" answer: one per person per article, changeable."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    helpful = models.BooleanField()
    voted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="review_one_vote_per_person")
        ]

    def __str__(self):
        return f"{'yes' if self.helpful else 'no'} on {self.article_id}"


class OutdatedReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)


class OutdatedReport(models.Model):
    """A reader's "this is outdated or wrong", open until an owner verifies or edits."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    note = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = OutdatedReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Floods: one open report per person per article.
            models.UniqueConstraint(
                fields=["article", "reporter"],
                condition=Q(closed_at__isnull=True),
                name="review_one_open_report_per_person",
            )
        ]
        indexes = [
            models.Index(
                fields=["article"], condition=Q(closed_at__isnull=True), name="review_open_reports"
            )
        ]

    def __str__(self):
        return f"Report on {self.article_id} ({'open' if self.closed_at is None else 'closed'})"


class ArticleViewDay(models.Model):
    """How many times an article was read on one day; who read it is never recorded."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="review_one_row_per_day")
        ]
        indexes = [models.Index(fields=["day"], name="review_view_day_idx")]

    def __str__(self):
        return f"{self.article_id} on {self.day}: {self.views}"


class DigestLog(models.Model):
    """When each owner last got the weekly digest of what they own that is overdue."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    sent_at = models.DateTimeField()

    def __str__(self):
        return f"Digest for {self.user_id} at {self.sent_at}"
