"""Owners, review intervals, one overdue article, a reader's report and some page views for the
demo knowledge base, so the review features are visible right after ``make run``.

Called by ``seed_demo`` after the demo articles exist. Leaves a wiki that already has review
settings alone, so running ``seed_demo`` again changes nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from articles.models import Article
from review import pageviews, services
from review.models import ArticleReview

# path: (owner usernames, review interval in days or None)
DEMO_SETTINGS = {
    "handbook": (["dana"], 365),
    "engineering": (["alice", "bob"], 90),
    "engineering/incident-response": (["bob"], 30),
    "people": (["dana"], 180),
}
OVERDUE_PATH = "engineering/deploy-runbook"
RECENTLY_VERIFIED_PATH = "engineering/incident-response/on-call"
REPORT = ("chen", "The staging step still mentions the old cluster name.")


def seed_review_demo(users, *, stdout=None):
    articles = {a.path: a for a in Article.objects.live().filter(path__in=_paths())}
    if "engineering" not in articles:
        return False
    if ArticleReview.objects.filter(pk=articles["engineering"].pk, interval_days__isnull=False):
        return False  # seeded before
    now = timezone.now()
    with transaction.atomic():
        for path, (owners, interval) in DEMO_SETTINGS.items():
            if path in articles:
                services.change_settings(
                    article=articles[path],
                    users=[users[name] for name in owners if name in users],
                    groups=[],
                    interval_days=interval,
                    by=None,
                )
        _verified(articles.get(OVERDUE_PATH), users.get("alice"), now - timedelta(days=120))
        _verified(articles.get(RECENTLY_VERIFIED_PATH), users.get("bob"), now - timedelta(days=12))
        if OVERDUE_PATH in articles and REPORT[0] in users:
            services.report_outdated(
                article=articles[OVERDUE_PATH], user=users[REPORT[0]], note=REPORT[1]
            )
        # A month of reading, busiest for the runbook everyone deploys with.
        today = timezone.localdate()
        for days_ago in range(30):
            pageviews.write_counts(
                today - timedelta(days=days_ago),
                {
                    article.pk: (40 if path == OVERDUE_PATH else 3) + days_ago % 5
                    for path, article in articles.items()
                },
            )
    if stdout is not None:
        stdout.write("Review demo: owners and intervals set, one overdue article with a report.")
    return True


def _paths():
    return [*DEMO_SETTINGS, OVERDUE_PATH, RECENTLY_VERIFIED_PATH]


def _verified(article, user, when):
    if article is None:
        return
    review = ArticleReview.objects.get(pk=article.pk)
    review.last_verified_at, review.last_verified_by = when, user
    review.due_at = review.computed_due_at()
    review.save(update_fields=["last_verified_at", "last_verified_by", "due_at"])
    services.forget_overdue()
