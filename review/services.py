"""Every write about reviews and feedback, each one transaction, plus the rules they share.

Owners and review intervals are set on an article or inherited from the nearest ancestor that
sets them. Each article's ``ArticleReview`` row carries the inherited result (``owner_root``,
``owner_names``, ``effective_interval_days``, ``due_at``) so pages never walk the tree;
``refresh_subtree`` recomputes it for a subtree after anything that could change it: a create,
a move, an owners or interval change.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.utils import timezone

from articles import access
from articles.models import Article, ArticleRevision
from articles.prepared import PreparedQuery
from notifications.services import notify
from review.models import (
    MAX_INTERVAL_DAYS,
    MIN_INTERVAL_DAYS,
    ArticleReview,
    HelpfulVote,
    OutdatedReport,
)

Kind = ArticleRevision.Kind
# Changes to the text that count as the owner having looked at it.
VERIFYING_KINDS = {Kind.EDIT, Kind.MERGE, Kind.REVERT}
REPORTS_SHOWN = 20


class NotOwner(PermissionDenied):
    """Only an article's owners may verify it."""


# --- Ownership ----------------------------------------------------------------------------------


def owned_by_q(user, prefix=""):
    """A Q on ArticleReview (or ``prefix``-ed relation) naming ``user`` directly or by group."""
    return Q(**{f"{prefix}owner_users": user}) | Q(**{f"{prefix}owner_groups__user": user})


def owned_roots(user):
    """Ids of the articles whose own owner lists include ``user`` (a subquery)."""
    return (
        ArticleReview.objects.filter(has_owners=True).filter(owned_by_q(user)).values("article_id")
    )


def state_of(article):
    """The article's ArticleReview, or None (articles bulk-loaded before reviews existed)."""
    try:
        return article.review
    except ArticleReview.DoesNotExist:
        return None


def _root_of(article):
    """A subquery: the id of the article whose owners own ``article`` (always fresh)."""
    return ArticleReview.objects.filter(pk=article.pk).values("owner_root_id")


def is_owner(user, article):
    if not user.is_authenticated:
        return False
    return ArticleReview.objects.filter(pk__in=_root_of(article)).filter(owned_by_q(user)).exists()


def owners_of(article):
    """The active people who own ``article`` (directly or through a group)."""
    root = _root_of(article)
    return (
        get_user_model()
        .objects.filter(Q(owned_reviews__in=root) | Q(groups__owned_reviews__in=root))
        .filter(is_active=True)
        .distinct()
    )


def names_of(users, groups):
    names = [f"{group.name} (group)" for group in groups] + [user.name for user in users]
    text = ", ".join(sorted(names, key=str.lower))
    return text if len(text) <= 500 else text[:497] + "…"


# --- Derived state ------------------------------------------------------------------------------


@dataclass
class Inherited:
    owner_root_id: int | None = None
    owner_names: str = ""
    interval_days: int | None = None


def inherited_by(article):
    """What ``article`` inherits from its ancestors (nearest ones win): one query."""
    inherited = Inherited()
    ancestors = ArticleReview.objects.filter(
        article__tree_id=article.tree_id,
        article__lft__lt=article.lft,
        article__rght__gt=article.rght,
    ).order_by("article__lft")
    for article_id, has_owners, names, interval in ancestors.values_list(
        "article_id", "has_owners", "owner_names", "interval_days"
    ):
        if has_owners:
            inherited.owner_root_id, inherited.owner_names = article_id, names
        if interval:
            inherited.interval_days = interval
    return inherited


def refresh_subtree(node):
    """Recompute inherited owners, intervals and due dates for ``node`` and everything under it.

    A fixed handful of queries (ancestors, subtree, its review rows, then bulk writes of just
    the rows that changed), however deep or big the subtree. Articles without a review row
    (bulk-loaded corpora) get one, verified as of their last edit.
    """
    # Fresh tree fields: a caller's copy may predate inserts that moved lft/rght.
    node = Article.objects.only("id", "tree_id", "lft", "rght").get(pk=node.pk)
    start = inherited_by(node)
    subtree = Article.objects.filter(tree_id=node.tree_id, lft__gte=node.lft, rght__lte=node.rght)
    rows = list(subtree.order_by("lft").values_list("id", "parent_id", "updated_at"))
    reviews = {review.pk: review for review in ArticleReview.objects.filter(article__in=subtree)}
    missing = [
        ArticleReview(article_id=pk, last_verified_at=updated_at)
        for pk, _parent, updated_at in rows
        if pk not in reviews
    ]
    if missing:
        ArticleReview.objects.bulk_create(missing, ignore_conflicts=True)
        reviews.update((review.pk, review) for review in missing)
    computed = {}
    changed = []
    due_moved = False
    for pk, parent_id, _updated_at in rows:
        base = computed.get(parent_id, start)
        review = reviews[pk]
        mine = Inherited(
            owner_root_id=pk if review.has_owners else base.owner_root_id,
            owner_names=review.owner_names if review.has_owners else base.owner_names,
            interval_days=review.interval_days or base.interval_days,
        )
        computed[pk] = mine
        before = (
            review.owner_root_id,
            review.owner_names,
            review.effective_interval_days,
            review.due_at,
        )
        review.owner_root_id = mine.owner_root_id
        review.owner_names = mine.owner_names
        review.effective_interval_days = mine.interval_days
        review.due_at = review.computed_due_at()
        if before != (mine.owner_root_id, mine.owner_names, mine.interval_days, review.due_at):
            changed.append(review)
            due_moved = due_moved or before[3] != review.due_at
    if changed:
        ArticleReview.objects.bulk_update(
            changed,
            ["owner_root", "owner_names", "effective_interval_days", "due_at"],
            batch_size=500,
        )
    if due_moved:
        forget_overdue()
    return len(changed)


def _review_for_update(article):
    """The article's review row, locked for this transaction (created when missing)."""
    review = ArticleReview.objects.select_for_update().filter(pk=article.pk).first()
    if review is None:
        refresh_subtree(article)
        review = ArticleReview.objects.select_for_update().get(pk=article.pk)
    return review


# --- Reacting to article changes ----------------------------------------------------------------


def on_article_event(event):
    """Called by ``articles.services._announce`` inside every change's transaction."""
    if event.kind == Kind.CREATE:
        start_review(article=event.article, author=event.actor)
    elif event.kind in VERIFYING_KINDS:
        if event.actor is not None and is_owner(event.actor, event.article):
            _mark_verified(event.article, by=event.actor)
    elif event.kind == Kind.MOVE:
        # Inheritance follows the new ancestors.
        refresh_subtree(event.article)


def start_review(*, article, author):
    """A new article: its author owns it and has just verified it.

    Unless the author already owns the section it is written in (personally or through a
    group): then it inherits that section's owners, so the team owns it rather than one person
    and later changes to the section's owners reach it.
    """
    inherited = inherited_by(article)
    author_owns_above = (
        inherited.owner_root_id is not None
        and ArticleReview.objects.filter(pk=inherited.owner_root_id)
        .filter(owned_by_q(author))
        .exists()
    )
    review = ArticleReview.objects.create(
        article_id=article.pk,
        has_owners=not author_owns_above,
        owner_names="" if author_owns_above else names_of([author], []),
        last_verified_at=article.created_at,
        last_verified_by=author,
    )
    if not author_owns_above:
        review.owner_users.add(author)
    refresh_subtree(article)
    return review


def _mark_verified(article, *, by):
    now = timezone.now()
    review = _review_for_update(article)
    review.last_verified_at, review.last_verified_by = now, by
    review.due_at = review.computed_due_at()
    review.open_reports = 0
    review.save(update_fields=["last_verified_at", "last_verified_by", "due_at", "open_reports"])
    OutdatedReport.objects.open().filter(article=article).update(closed_at=now, closed_by=by)
    forget_overdue()
    return review


# --- What people do -----------------------------------------------------------------------------


def can_manage(user, article):
    """Owners, moderators and admins may change an article's owners and review interval."""
    return access.access_for(user).is_moderator or is_owner(user, article)


def verify(*, article, by):
    """Record that an owner checked the article is still right (no edit needed).

    Closes the open outdated-reports too.
    """
    with transaction.atomic():
        if not is_owner(by, article):
            raise NotOwner(
                "Only this article's owners can verify it. If it looks wrong, report it instead."
            )
        return _mark_verified(article, by=by)


def check_settings(*, article, users, groups, interval_days):
    """Raise ValidationError if these owners and interval can't be set on ``article``: an
    interval out of range, or nobody owning it (no owners here and none above)."""
    if interval_days is not None and not MIN_INTERVAL_DAYS <= interval_days <= MAX_INTERVAL_DAYS:
        raise ValidationError(
            f"A review interval must be between {MIN_INTERVAL_DAYS} and {MAX_INTERVAL_DAYS:,} "
            f"days (ten years); {interval_days:,} isn't."
        )
    if not users and not groups:
        fresh = Article.objects.only("id", "tree_id", "lft", "rght").get(pk=article.pk)
        if inherited_by(fresh).owner_root_id is None:
            raise ValidationError(
                "Nobody would own this article: name at least one person or group, or set "
                "owners on a section above it first."
            )


def change_settings(*, article, users, groups, interval_days, by):
    """Set the owners and review interval on ``article`` (empty/None: inherit from above).

    Raises ValidationError, changing nothing, when ``check_settings`` refuses them."""
    with transaction.atomic():
        review = _review_for_update(article)
        # Checked under the row lock: the owners above can't change in between.
        check_settings(article=article, users=users, groups=groups, interval_days=interval_days)
        review.owner_users.set(users)
        review.owner_groups.set(groups)
        review.has_owners = bool(users or groups)
        review.owner_names = names_of(users, groups) if review.has_owners else ""
        review.interval_days = interval_days
        review.save(update_fields=["has_owners", "owner_names", "interval_days"])
        refresh_subtree(article)
    return review


def vote(*, article, user, helpful):
    """Record ``user``'s answer to "Was this helpful?"; a second answer replaces the first.

    Returns False when it was already their answer (nothing changed).
    """
    with transaction.atomic():
        # The row lock makes two simultaneous votes of one person count once.
        review = _review_for_update(article)
        previous = HelpfulVote.objects.filter(article=article, user=user).first()
        if previous is not None and previous.helpful == helpful:
            return False
        if previous is None:
            HelpfulVote.objects.create(article=article, user=user, helpful=helpful)
        else:
            previous.helpful, previous.voted_at = helpful, timezone.now()
            previous.save(update_fields=["helpful", "voted_at"])
            if previous.helpful:
                review.helpful_no -= 1
            else:
                review.helpful_yes -= 1
        if helpful:
            review.helpful_yes += 1
        else:
            review.helpful_no += 1
        review.save(update_fields=["helpful_yes", "helpful_no"])
    return True


def report_outdated(*, article, user, note=""):
    """Open an outdated-or-wrong report and tell the owners. One open report per person."""
    with transaction.atomic():
        review = _review_for_update(article)
        if OutdatedReport.objects.open().filter(article=article, reporter=user).exists():
            raise ValidationError(
                "You have already reported this article; its owners have been told. "
                "Your report stays open until one of them verifies or edits it."
            )
        report = OutdatedReport.objects.create(article=article, reporter=user, note=note)
        review.open_reports += 1
        review.save(update_fields=["open_reports"])
        notify(
            recipients=owners_of(article),
            actor=user,
            kind="outdated_report",
            article=article,
            url=article.get_absolute_url() + "#review-reports",
            # The summary is the whole notification (and its email's subject): say what.
            summary=f"{user.name} reported “{article.title}” as outdated or wrong"
            + (f": {_shorten(note)}" if note.strip() else ""),
        )
    return report


def _shorten(text, limit=200):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- What a page shows --------------------------------------------------------------------------


@dataclass
class Panel:
    """Everything the article page shows about reviews and feedback, for one reader."""

    state: ArticleReview | None
    is_owner: bool = False
    can_manage: bool = False
    my_vote: bool | None = None
    has_open_report: bool = False
    reports: list = field(default_factory=list)


def _build_panel_facts(user, article_id, user_id, owner_root_id=None):
    owner_check = Value(False)
    if owner_root_id is not None:
        owner_check = Exists(
            ArticleReview.objects.filter(pk=owner_root_id).filter(owned_by_q(user_id))
        )
    return ArticleReview.objects.filter(pk=article_id).values(
        is_owner=owner_check,
        my_vote=Subquery(
            HelpfulVote.objects.filter(article=OuterRef("pk"), user=user_id).values("helpful")[:1]
        ),
        has_open_report=Exists(
            OutdatedReport.objects.open().filter(article=OuterRef("pk"), reporter=user_id)
        ),
    )


# Compiled once (articles/prepared.py): building and compiling this query took ~1.3 ms of
# every article page with a review state, running it 0.01 ms.
_panel_facts = PreparedQuery(_build_panel_facts)
_panel_facts_with_owners = PreparedQuery(_build_panel_facts)


def panel_for(user, article):
    """One query for every reader (their vote, whether they own it or reported it), and one
    more for owners and moderators (the open reports). ``article.review`` must have been
    loaded with ``select_related``."""
    state = state_of(article)
    if state is None:
        return Panel(state=None)
    if user.pk is None:  # nobody signed in: no vote, report or ownership to look up
        facts = []
    elif state.owner_root_id is None:
        facts = _panel_facts(user, article.pk, user.pk)
    else:
        facts = _panel_facts_with_owners(user, article.pk, user.pk, state.owner_root_id)
    panel = Panel(state=state, **(facts[0] if facts else {}))
    panel.can_manage = panel.is_owner or access.access_for(user).is_moderator
    if panel.can_manage and state.open_reports:
        panel.reports = list(
            OutdatedReport.objects.open()
            .filter(article=article)
            .select_related("reporter")[:REPORTS_SHOWN]
        )
    return panel


# --- Overdue marks in listings ------------------------------------------------------------------

OVERDUE_CACHE_KEY = "review:due-soon"
OVERDUE_CACHE_SECONDS = 3600


def overdue_article_ids():
    """Ids of every article whose review is overdue now (for marks in listings).

    Cached: the rows due within the next hour, with their due dates, so the set stays exact
    as time passes without a query, and a listing adds at most one query an hour (or after a
    verification or settings change, which forget it).
    """
    now = timezone.now()
    cached = cache.get(OVERDUE_CACHE_KEY)
    if cached is None or cached[0] <= now.timestamp():
        horizon = now.timestamp() + OVERDUE_CACHE_SECONDS
        soon = {
            pk: due.timestamp()
            for pk, due in ArticleReview.objects.filter(
                due_at__lte=datetime.fromtimestamp(horizon, tz=UTC)
            ).values_list("article_id", "due_at")
        }
        cached = (horizon, soon)
        cache.set(OVERDUE_CACHE_KEY, cached, OVERDUE_CACHE_SECONDS)
    moment = now.timestamp()
    return frozenset(pk for pk, due in cached[1].items() if due <= moment)


def forget_overdue():
    """Due dates changed: drop the cached set now and once the change is committed (a reader
    could re-cache the old set while the transaction is still open)."""
    cache.delete(OVERDUE_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(OVERDUE_CACHE_KEY))
