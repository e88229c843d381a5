"""The scheduled work: tell owners when an article they own falls due (once per due period),
send each owner a weekly digest of what they own that is overdue, and write pending page
views. ``manage.py send_review_reminders`` (cron) and the ``send_review_reminders`` task run
``send_reminders``; running it twice in a row sends nothing new.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from notifications.services import notify
from review import pageviews
from review.models import ArticleReview, DigestLog
from review.services import owners_of

DIGEST_EVERY = timedelta(days=7)
DIGEST_TITLES = 5


@dataclass
class ReminderRun:
    due_notified: int = 0
    digests: int = 0
    views_written: int = 0


def send_reminders(now=None):
    now = now or timezone.now()
    return ReminderRun(
        views_written=pageviews.flush_all(),
        due_notified=send_due_notifications(now),
        digests=send_weekly_digests(now),
    )


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
                    f"Due for review since {timezone.localdate(review.due_at):%-d %B %Y}: "
                    "check it's still right and mark it as verified, or edit it."
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
    """Send each owner with overdue articles one digest, if their last was 7 or more days ago.
    Returns how many digests were sent."""
    now = now or timezone.now()
    roots = set(_overdue(now).values_list("owner_root_id", flat=True))
    owned = _owners_by_root(roots)
    recently = set(
        DigestLog.objects.filter(sent_at__gt=now - DIGEST_EVERY).values_list("user_id", flat=True)
    )
    User = get_user_model()
    sent = 0
    people = User.objects.filter(pk__in=set(owned) - recently, is_active=True).order_by("pk")
    for user in people:
        articles = list(
            Article.objects.visible_to(user)
            .filter(review__due_at__lte=now, review__owner_root__in=owned[user.pk])
            .only("id", "title", "path")
            .order_by("review__due_at")
        )
        if articles and _claim_digest(user, now):
            titles = ", ".join(f"“{article.title}”" for article in articles[:DIGEST_TITLES])
            more = len(articles) - DIGEST_TITLES
            notify(
                recipients=[user],
                actor=None,
                kind="review_digest",
                article=None,
                url=reverse("review:health"),
                summary=(
                    f"{len(articles)} article{'s' if len(articles) != 1 else ''} you own "
                    f"{'are' if len(articles) != 1 else 'is'} overdue for review: {titles}"
                    + (f" and {more} more." if more > 0 else ".")
                ),
            )
            sent += 1
    return sent


def _claim_digest(user, now):
    """Record this week's digest for ``user``; False if another run already did."""
    try:
        with transaction.atomic():
            log, created = DigestLog.objects.get_or_create(user=user, defaults={"sent_at": now})
            if created:
                return True
            return bool(
                DigestLog.objects.filter(pk=log.pk, sent_at__lte=now - DIGEST_EVERY).update(
                    sent_at=now
                )
            )
    except IntegrityError:
        return False
