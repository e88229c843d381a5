"""Page views per article per day, counted without a database write on the request path.

Reading an article increments a counter in the cache (Redis in production): one atomic
``incr``, no SQL. Counters live in five-minute buckets. Once a bucket is closed (and a grace
bucket has passed, so no late increment can land in it), one process claims it and writes
its counts to ``ArticleViewDay`` with one upsert. That happens after a response has been sent
(``request_finished``, checked at most once a minute per process), and in ``flush_page_views``
and ``send_review_reminders`` (cron, or their tasks on the worker), whichever comes first.
Who read what is never stored. See docs/review.md, "Page views".

Trade-off: counts reach the table minutes late, and a cache flush or eviction before a bucket
is written loses those counts. Both are fine for "most viewed" and "not read in 180 days".
"""

import logging
import time
from datetime import UTC, datetime

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article
from review.models import ArticleViewDay

BUCKET_SECONDS = 300
# Unwritten buckets are kept this long (the cron job should run well within it).
KEEP_SECONDS = 2 * 24 * 3600
# A request looks back this many buckets; the command looks back over KEEP_SECONDS.
RECENT_BUCKETS = 12
CHECK_EVERY_SECONDS = 60
PREFIX = "review:views"
logger = logging.getLogger(__name__)

_next_check = 0.0


def _bucket(moment=None):
    return int((moment or time.time()) // BUCKET_SECONDS)


def _add_or_incr(key):
    """Atomic increment that creates the key; returns the new value."""
    try:
        return cache.incr(key)
    except ValueError:
        if cache.add(key, 1, KEEP_SECONDS):
            return 1
        return cache.incr(key)


def count_view(article):
    """Count one reading of ``article``: cache operations only, never SQL."""
    bucket = _bucket()
    counter = f"{PREFIX}:{bucket}:a{article.pk}"
    if _add_or_incr(counter) == 1:
        # First view of this article in this bucket: list it in the bucket's slots, so the
        # flush knows which counters to read.
        slot = _add_or_incr(f"{PREFIX}:{bucket}:n")
        cache.set(f"{PREFIX}:{bucket}:s{slot}", article.pk, KEEP_SECONDS)


def flush(*, lookback=RECENT_BUCKETS, now=None):
    """Write the counts of every closed bucket not yet written; returns the views written.

    Starts after the last bucket written (however long ago, within ``KEEP_SECONDS``), so a
    process that served nothing for hours still writes what it counted before; without that
    mark, the last ``lookback`` buckets. Safe to run from several processes at once: each
    bucket is claimed (``cache.add``) by exactly one of them.
    """
    last_closed = _bucket(now) - 2  # the current bucket and one of grace stay open
    written = cache.get(f"{PREFIX}:written-through")
    oldest = last_closed - KEEP_SECONDS // BUCKET_SECONDS + 1
    first = max(oldest, last_closed - lookback + 1 if written is None else written + 1)
    buckets = range(first, last_closed + 1)
    # One round trip for the sizes: most buckets of an idle stretch were never used.
    sizes = cache.get_many([f"{PREFIX}:{bucket}:n" for bucket in buckets])
    total = 0
    for bucket in buckets:
        size = sizes.get(f"{PREFIX}:{bucket}:n")
        if size:
            total += _flush_bucket(bucket, size)
    if written is None or last_closed > written:
        cache.set(f"{PREFIX}:written-through", last_closed, KEEP_SECONDS)
    return total


def flush_all(now=None):
    """Every bucket still in the cache (the command's run)."""
    cache.delete(f"{PREFIX}:written-through")
    return flush(lookback=KEEP_SECONDS // BUCKET_SECONDS, now=now)


def _flush_bucket(bucket, size):
    claim = f"{PREFIX}:{bucket}:claimed"
    if not cache.add(claim, 1, KEEP_SECONDS):
        return 0
    slot_keys = [f"{PREFIX}:{bucket}:s{slot}" for slot in range(1, size + 1)]
    article_ids = set(cache.get_many(slot_keys).values())
    counter_keys = {f"{PREFIX}:{bucket}:a{pk}": pk for pk in article_ids}
    counts = {counter_keys[key]: views for key, views in cache.get_many(counter_keys).items()}
    day = timezone.localdate(datetime.fromtimestamp(bucket * BUCKET_SECONDS, tz=UTC))
    try:
        write_counts(day, counts)
    except Exception:
        cache.delete(claim)  # not written: the next flush tries this bucket again
        raise
    cache.delete_many([*slot_keys, *counter_keys, f"{PREFIX}:{bucket}:n"])
    return sum(counts.values())


def write_counts(day, counts):
    """Add ``{article_id: views}`` to ``day``'s rows in one upsert (articles purged since are
    skipped)."""
    with transaction.atomic():
        existing = set(Article.objects.filter(pk__in=counts).values_list("pk", flat=True))
        rows = [(pk, day, views) for pk, views in sorted(counts.items()) if pk in existing]
        if not rows:
            return
        table = connection.ops.quote_name(ArticleViewDay._meta.db_table)
        placeholders = ", ".join(["(%s, %s, %s)"] * len(rows))
        # Both SQLite (3.24+) and PostgreSQL: add to the day's row, or create it.
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (article_id, day, views) VALUES {placeholders} "
                f"ON CONFLICT (article_id, day) DO UPDATE SET views = {table}.views + "
                "excluded.views",
                [value for row in rows for value in row],
            )


def flush_after_response(**kwargs):
    """``request_finished`` receiver: the response is already sent, so writing here delays
    no one. A module-level timestamp keeps it to one cache look-up a minute per process."""
    global _next_check
    moment = time.time()
    if moment < _next_check:
        return
    _next_check = moment + CHECK_EVERY_SECONDS
    try:
        flush()
    except Exception:
        # Counting views must never break a request; the cron job will try again.
        logger.exception("Could not write page views")
