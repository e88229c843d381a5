"""The knowledge health report: what needs attention, for moderators (everything they can
read) and owners (what they own). Every list starts from ``Article.objects.visible_to(user)``.

A fixed number of queries, however many articles, reports or views: each list is one query
(two when paginated), grouped and ranked in the database.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Exists, IntegerField, Min, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles import access
from articles.models import Article
from review.models import ArticleViewDay, OutdatedReport
from review.services import owned_roots
from search.models import FailedSearch

PER_PAGE = 25
MOST_VIEWED_SHOWN = 10
REPORTS_SHOWN = 50
GAPS_SHOWN = 20
IDLE_DAYS = 180
VIEWS_WINDOW_DAYS = 30
COUNTED_SINCE_KEY = "review:views-counted-since"


def views_counted_since():
    """The first day with counted page views, or None before any were counted. Cached: once
    set it only moves if old rows are deleted, and a day late is harmless."""
    first = cache.get(COUNTED_SINCE_KEY)
    if first is None:
        first = ArticleViewDay.objects.aggregate(first=Min("day"))["first"]
        if first is not None:
            cache.set(COUNTED_SINCE_KEY, first, 24 * 3600)
    return first


def may_see_health(user):
    """Moderators and admins, and anyone who owns at least one article."""
    return access.access_for(user).is_moderator or owned_roots(user).exists()


@dataclass
class HealthReport:
    everything: bool  # a moderator's view (else: what the user owns)
    by_section: list
    by_owner: list
    overdue: object  # a Page of articles
    reports: list
    most_viewed: list
    idle: object  # a Page of articles, or None before any page view was counted
    # When views were first counted, if that is less than 180 days ago (the idle list then
    # means "not read since that day"); else None.
    idle_counted_since: object
    gaps: list


def health_report(user, *, section=None, overdue_page=1, idle_page=1):
    now = timezone.now()
    today = timezone.localdate()
    everything = access.access_for(user).is_moderator
    articles = Article.objects.visible_to(user)
    if section is not None:
        articles = articles.filter(tree_id=section.tree_id)
    if not everything:
        articles = articles.filter(review__owner_root__in=owned_roots(user))
    overdue = articles.filter(review__due_at__lte=now)

    section_title = Subquery(
        Article.objects.visible_to(user)
        .filter(tree_id=OuterRef("tree_id"), parent__isnull=True)
        .values("title")[:1]
    )
    by_section = list(
        overdue.order_by()
        .values("tree_id")
        .annotate(count=Count("id"), title=section_title)
        .order_by("-count", "title")
    )
    by_owner = list(
        overdue.order_by()
        .values("review__owner_names")
        .annotate(count=Count("id"))
        .order_by("-count", "review__owner_names")
    )
    listed = ("id", "title", "path", "review__due_at", "review__owner_names")
    overdue_list = Paginator(
        overdue.select_related("review").only(*listed).order_by("review__due_at", "id"), PER_PAGE
    ).get_page(overdue_page)

    recent_views = Subquery(
        ArticleViewDay.objects.filter(
            article=OuterRef("pk"), day__gte=today - timedelta(days=VIEWS_WINDOW_DAYS)
        )
        .order_by()
        .values("article")
        .annotate(total=Sum("views"))
        .values("total"),
        output_field=IntegerField(),
    )
    most_viewed = list(
        overdue.select_related("review")
        .only(*listed)
        .annotate(recent_views=Coalesce(recent_views, 0))
        .filter(recent_views__gt=0)
        .order_by("-recent_views", "id")[:MOST_VIEWED_SHOWN]
    )

    # "Not read in 180 days" is only true as far back as views were counted: until counting
    # has run that long, say since when, rather than list every old article as unread.
    counted_since = views_counted_since()
    idle, idle_counted_since = None, None
    if counted_since is not None:
        idle_since = today - timedelta(days=IDLE_DAYS)
        if counted_since > idle_since:
            idle_since = idle_counted_since = counted_since
        read_lately = ArticleViewDay.objects.filter(article=OuterRef("pk"), day__gte=idle_since)
        idle = Paginator(
            articles.filter(created_at__lte=now - timedelta(days=IDLE_DAYS))
            .exclude(Exists(read_lately))
            .only("id", "title", "path", "created_at")
            .order_by("path"),
            PER_PAGE,
        ).get_page(idle_page)

    reports = list(
        OutdatedReport.objects.open()
        .filter(article__in=articles)
        .select_related("article", "reporter")
        .only(
            "note",
            "created_at",
            "article__title",
            "article__path",
            "reporter__username",
            "reporter__display_name",
            "reporter__first_name",
            "reporter__last_name",
        )[:REPORTS_SHOWN]
    )
    # Failed searches aren't tied to articles: they are for moderators only.
    gaps = list(FailedSearch.objects.order_by("-count", "query")[:GAPS_SHOWN]) if everything else []
    return HealthReport(
        everything=everything,
        by_section=by_section,
        by_owner=by_owner,
        overdue=overdue_list,
        reports=reports,
        most_viewed=most_viewed,
        idle=idle,
        idle_counted_since=idle_counted_since,
        gaps=gaps,
    )
