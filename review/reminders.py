"""The scheduled work: tell owners when an article they own falls due (once per due period),
send each owner a weekly digest of what they own that is overdue, and write pending page
views. ``manage.py send_review_reminders`` (cron, hourly) and the ``send_review_reminders``
task run ``send_reminders``; running it twice in a row sends nothing new.

The digest goes out once a week, in the first run on or after Monday 07:00 (local time,
``TIME_ZONE``), and lists what was overdue at that moment: owners get it at a predictable time
rather than on the day something of theirs first fell due (when they have just had the
"review due" notice for it).
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from articles.models import Article
from notifications.models import Kind, Notification
from notifications.services import notify
from review import pageviews
from review.models import ArticleReview, DigestLog
from review.services import owners_of

DIGEST_WEEKDAY = 0  # Monday
DIGEST_HOUR = 7
DIGEST_TITLES = 5
logger = logging.getLogger(__name__)


@dataclass
class ReminderRun:
    due_notified: int = 0
    digests: int = 0
    views_written: int = 0


def send_reminders(now=None):
    now = now or timezone.now()
    try:
        views = pageviews.flush_all()
    except Exception:
        # Page views are a nice-to-have: the reminders must still go out. Logged (cron mails
        # stderr), and the counts stay in the cache for the next run.
        logger.exception("Could not write page views")
        views = 0
    return ReminderRun(
        views_written=views,
        due_notified=send_due_notifications(now),
        digests=send_weekly_digests(now),
    )


def digest_week_start(now):
    """The latest digest moment (Monday 07:00, local time) at or before ``now``."""
    local = timezone.localtime(now)
    start = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    start -= timedelta(days=(local.weekday() - DIGEST_WEEKDAY) % 7)
    if start > local:
        start -= timedelta(days=7)
    return start


def _overdue(now):
    return ArticleReview.objects.filter(
        due_at__lte=now, owner_root__isnull=False, article__deleted_at__isnull=True
    )


def send_due_notifications(now=None):
    """Tell the owners of each article that fell due since it was last announced. Returns how
    many articles were announced."""
    now = now or timezone.now()
    not_told = Q(due_notified_for__isnull=True) | Q(due_notified_for__lt=F("due_at"))
    announced = 0
    for review in _overdue(now).filter(not_told).select_related("article").order_by("due_at"):
        with transaction.atomic():
            # Claimed first, so two runs at once announce it once.
            claimed = (
                ArticleReview.objects.filter(pk=review.pk, due_at=review.due_at)
                .filter(not_told)
                .update(due_notified_for=F("due_at"))
            )
            if not claimed:
                continue
            article = review.article
            notify(
                recipients=owners_of(article),
                actor=None,
                kind="review_due",
                article=article,
                url=article.get_absolute_url(),
                summary=(
                    f"“{article.title}” is due for review since "
                    f"{format_date(timezone.localtime(review.due_at), 'j F Y')}: check it's "
                    "still right and mark it as verified, or edit it."
                ),
            )
        announced += 1
    return announced


def _owners_by_root(root_ids):
    """{user id: {owner root ids}} for the people who own those roots, directly or by group."""
    User = get_user_model()
    owned = defaultdict(set)
    direct = ArticleReview.owner_users.through.objects.filter(articlereview_id__in=root_ids)
    for user_id, root_id in direct.values_list("user_id", "articlereview_id"):
        owned[user_id].add(root_id)
    by_group = User.objects.filter(groups__owned_reviews__in=root_ids).values_list(
        "pk", "groups__owned_reviews"
    )
    for user_id, root_id in by_group:
        owned[user_id].add(root_id)
    return owned


def send_weekly_digests(now=None):
    """Send each active owner with overdue articles they may read one digest a week (see the
    module docstring for when). Returns how many digests were sent."""
    now = now or timezone.now()
    # What was overdue at this week's digest moment: an article that falls due later in the
    # week has its "review due" notice and waits for next Monday's digest.
    week_start = digest_week_start(now)
    roots = set(_overdue(week_start).values_list("owner_root_id", flat=True))
    owned = _owners_by_root(roots)
    done = set(DigestLog.objects.filter(sent_at__gte=week_start).values_list("user_id", flat=True))
    User = get_user_model()
    sent = 0
    people = User.objects.filter(pk__in=set(owned) - done, is_active=True).order_by("pk")
    for user in people:
        # Only what they may read now: owning an article doesn't outlive losing access to it.
        articles = list(
            Article.objects.visible_to(user)
            .filter(review__due_at__lte=week_start, review__owner_root__in=owned[user.pk])
            .only("id", "title", "path")
            .order_by("review__due_at", "id")
        )
        if not articles:
            continue
        with transaction.atomic():
            if not _claim_digest(user, now, week_start):
                continue
            # Last week's digest, if still unread, is out of date: this one replaces it (and
            # is a new notification, so it is emailed rather than coalesced into the old one).
            Notification.objects.filter(
                recipient=user, kind=Kind.REVIEW_DIGEST, read_at__isnull=True
            ).delete()
            notify(
                recipients=[user],
                actor=None,
                kind=Kind.REVIEW_DIGEST,
                article=None,
                url=reverse("review:health"),
                summary=_digest_summary(articles),
            )
        sent += 1
    return sent


def _digest_summary(articles):
    count = len(articles)
    titles = ", ".join(f"“{article.title}”" for article in articles[:DIGEST_TITLES])
    more = count - DIGEST_TITLES
    return (
        f"{count} article{'s' if count != 1 else ''} you own "
        f"{'are' if count != 1 else 'is'} overdue for review: {titles}"
        + (f" and {more} more." if more > 0 else ".")
    )


def _claim_digest(user, now, week_start):
    """Record this week's digest for ``user``; False if another run already did."""
    try:
        with transaction.atomic():
            log, created = DigestLog.objects.get_or_create(user=user, defaults={"sent_at": now})
            if created:
                return True
            return bool(
                DigestLog.objects.filter(pk=log.pk, sent_at__lt=week_start).update(sent_at=now)
            )
    except IntegrityError:
        return False
