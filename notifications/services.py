"""Following, notifying and what article changes mean for followers.

Other apps call ``notify`` (inside their transaction) and ``auto_follow``;
``articles.services._announce`` calls ``on_article_event`` for every article change.

Coalescing rule: an unread notification of the same kind about the same article for the
same person is updated (count, summary, link, time) instead of adding another. Email goes
out once per notification, when it is created, for people who want email right away; more
of the same burst only grows the unread notification (and the next digest), so fifty edits
make one notification and at most one email until the person reads it.
"""

from functools import partial

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from articles import access
from notifications.mentions import mention_names, users_named
from notifications.models import Follow, Kind, Notification, NotificationSettings

FOLLOWS_KEY = "lore:follows:{}"
UNREAD_KEY = "lore:unread:{}"
CACHE_SECONDS = 60 * 60
AUTO_FOLLOW_FIELDS = {
    "create": "follow_on_create",
    "edit": "follow_on_edit",
    "comment": "follow_on_comment",
}


# --- Following -------------------------------------------------------------------------------


def _within(article, prefix="article__"):
    """Articles that are ``article`` or one of its ancestors (the mptt range contains it)."""
    return Q(
        **{
            f"{prefix}tree_id": article.tree_id,
            f"{prefix}lft__lte": article.lft,
            f"{prefix}rght__gte": article.rght,
        }
    )


def _follows_changed(user_id):
    key = FOLLOWS_KEY.format(user_id)
    cache.delete(key)
    # A page rendered while the write is still open could cache the old set again.
    transaction.on_commit(partial(cache.delete, key))


def follow(*, user, article):
    """``user`` follows ``article`` and everything under it. Idempotent."""
    Follow.objects.bulk_create([Follow(user=user, article=article)], ignore_conflicts=True)
    _follows_changed(user.pk)


def unfollow(*, user, article):
    """Stop following ``article`` itself (a followed ancestor section still counts)."""
    Follow.objects.filter(user=user, article=article).delete()
    _follows_changed(user.pk)


def is_following(user, article):
    """Whether ``user`` follows ``article`` or a section it is in (one query)."""
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(_within(article), user=user).exists()


def followed_ids(user):
    """The ids of the articles ``user`` follows directly, cached until they change."""
    key = FOLLOWS_KEY.format(user.pk)
    ids = cache.get(key)
    if ids is None:
        ids = frozenset(Follow.objects.filter(user=user).values_list("article_id", flat=True))
        cache.set(key, ids, CACHE_SECONDS)
    return ids


def follow_state(user, article, ancestors):
    """What the follow button shows on an article page: ``(following, via)`` where ``via`` is
    the followed ancestor section (or None). No query while the user's follows are cached;
    ``ancestors`` is the page's breadcrumb list."""
    if not user.is_authenticated:
        return {"following": False, "via": None}
    ids = followed_ids(user)
    if article.pk in ids:
        return {"following": True, "via": None}
    via = next((a for a in reversed(ancestors) if a.pk in ids), None)
    return {"following": via is not None, "via": via}


def followers_of(article):
    """Active and inactive users following ``article`` or any section it is in (one query
    when evaluated)."""
    User = get_user_model()
    return User.objects.filter(pk__in=Follow.objects.filter(_within(article)).values("user_id"))


def auto_follow(*, user, article, reason):
    """Follow ``article`` because ``user`` created, edited or commented on it, unless their
    settings say not to or they already follow it (or its section). Returns whether a
    follow was added."""
    field = AUTO_FOLLOW_FIELDS[reason]
    if user is None or not user.is_authenticated:
        return False
    wanted = NotificationSettings.objects.filter(user=user).values_list(field, flat=True).first()
    if wanted is False or is_following(user, article):
        return False
    follow(user=user, article=article)
    return True


def follows_visible_to(person, viewer):
    """The live articles ``person`` follows that ``viewer`` may read, by path (a queryset)."""
    from articles.models import Article

    return (
        Article.objects.visible_to(viewer)
        .filter(follows__user=person)
        .only("id", "title", "path")
        .order_by("path")
    )


# --- Who may hear about an article ------------------------------------------------------------


def readers_among(users, article):
    """The users among ``users`` who may read ``article`` (live or trashed), by the rules of
    ``articles.access`` but for many people at once: at most four queries, whatever their
    number, where ``access.can_read`` per person would cost two or three each on a cold
    cache. Inactive users never read anything."""
    from accounts.models import GuestGrant, Role
    from articles.models import Restriction

    users = [user for user in users if user.is_active]
    if not users:
        return []
    ids = [user.pk for user in users]
    admins = {user.pk for user in users if user.is_superuser}
    admins |= set(
        get_user_model()
        .objects.filter(pk__in=ids, groups__name=Role.ADMIN)
        .values_list("pk", flat=True)
    )
    allowed = set(ids)
    if article.read_root_id is not None:
        # A reader must be listed (directly or through a group) on every read restriction
        # from the section down to the article (see access._walk).
        restrictions = set(
            Restriction.objects.filter(_within(article), limits_read=True).values_list(
                "pk", flat=True
            )
        )
        listed = {}
        direct = Restriction.read_users.through.objects.filter(
            restriction_id__in=restrictions, user_id__in=ids
        ).values_list("restriction_id", "user_id")
        grouped = Restriction.read_groups.through.objects.filter(
            restriction_id__in=restrictions, group__user__in=ids
        ).values_list("restriction_id", "group__user")
        for restriction_id, user_id in [*direct, *grouped]:
            listed.setdefault(user_id, set()).add(restriction_id)
        allowed = {pk for pk in ids if listed.get(pk, set()) >= restrictions}
    guests = [user.pk for user in users if user.is_guest and user.pk not in admins]
    if guests:
        granted = set(
            GuestGrant.objects.filter(
                _within(article), user_id__in=guests, article__deleted_at__isnull=True
            ).values_list("user_id", flat=True)
        )
        allowed -= set(guests) - granted
    return [user for user in users if user.pk in admins or user.pk in allowed]


# --- Notifying -------------------------------------------------------------------------------


def notify(*, recipients, actor, kind, article, url, summary="", comment=None):
    """Notify ``recipients`` (users or a User queryset) about ``article``; see the module
    docstring for coalescing and email. Skips inactive people, the actor and anyone who may
    not read the article. Call it inside your transaction. Returns how many were notified."""
    return _notify(
        recipients=recipients,
        actor=actor,
        kind=kind,
        article=article,
        url=url,
        summary=summary,
        comment=comment,
    )


def _notify(*, recipients, actor, kind, article, url, summary="", comment=None, diff=None):
    """``notify``; ``diff=(from, to)`` makes an edit's link a diff that grows with a burst."""
    kind = Kind(kind)
    if article is not None:
        # Access is decided on the row as it is now, not on a caller's possibly older copy
        # (a restriction or a move since it was loaded must count).
        article = _current(article)
        if article is None:
            return 0
        if article.deleted_at is not None and kind != Kind.DELETE:
            return 0  # nobody hears about what happens in the trash but its arrival there
    actor_id = actor.pk if actor is not None else None
    if hasattr(recipients, "filter"):
        recipients = recipients.filter(is_active=True).exclude(pk=actor_id)
        recipients = recipients.only("pk", "is_active", "is_superuser", "is_guest")
    unique = {user.pk: user for user in recipients if user.pk != actor_id and user.is_active}
    people = list(unique.values())
    if article is not None:
        people = readers_among(people, article)
    if not people:
        return 0
    ids = [user.pk for user in people]
    now = timezone.now()
    summary = summary[:500]
    comment_id = getattr(comment, "pk", comment)

    # Locked so two simultaneous notifies can't both decide to add a row for someone.
    existing = list(
        Notification.objects.select_for_update()
        .filter(recipient_id__in=ids, kind=kind, article=article, read_at__isnull=True)
        .only("pk", "recipient_id", "revision_from")
    )
    grown = {n.recipient_id for n in existing}
    by_start = {}
    for n in existing:
        by_start.setdefault(n.revision_from, []).append(n.pk)
    for start, pks in by_start.items():
        Notification.objects.filter(pk__in=pks).update(
            count=F("count") + 1,
            actor_id=actor_id,
            summary=summary,
            url=_diff_url(article, start, diff[1]) if diff and start else url,
            comment_id=comment_id,
            updated_at=now,
        )
    emails = _email_choices(ids)
    immediate = NotificationSettings.Email.IMMEDIATE
    created = Notification.objects.bulk_create(
        Notification(
            recipient_id=pk,
            actor_id=actor_id,
            kind=kind,
            article=article,
            url=url,
            summary=summary,
            comment_id=comment_id,
            revision_from=diff[0] if diff else None,
            created_at=now,
            updated_at=now,
            emailed_at=now if emails.get(pk, immediate) == immediate else None,
        )
        for pk in ids
        if pk not in grown
    )
    _unread_changed(ids)
    to_email = [n.pk for n in created if n.emailed_at is not None]
    if to_email:
        transaction.on_commit(partial(_queue_emails, to_email))
    return len(ids)


def _current(article):
    from articles.models import Article

    return (
        Article.objects.filter(pk=article.pk)
        .only("id", "title", "path", "tree_id", "lft", "rght", "read_root_id", "deleted_at")
        .first()
    )


def _email_choices(user_ids):
    return dict(
        NotificationSettings.objects.filter(user_id__in=user_ids).values_list("user_id", "email")
    )


def _queue_emails(notification_ids):
    from notifications.tasks import send_notification_emails

    send_notification_emails.enqueue(notification_ids=notification_ids)


# --- Unread count and reading ------------------------------------------------------------------


def _unread_changed(user_ids):
    keys = [UNREAD_KEY.format(pk) for pk in user_ids]
    cache.delete_many(keys)
    transaction.on_commit(partial(cache.delete_many, keys))


def unread_count(user):
    """The header bell's number: cached per person until they are notified or read, and
    keyed by the access version so a new restriction hides what it should at once."""
    if not user.is_authenticated:
        return 0
    key = UNREAD_KEY.format(user.pk)
    version = access.current_version()
    cached = cache.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    count = Notification.objects.filter(recipient=user).unread().readable_by(user).count()
    cache.set(key, (version, count), CACHE_SECONDS)
    return count


def mark_read(*, user, notification_ids=None):
    """Mark ``user``'s notifications read (all of them when ``notification_ids`` is None)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    marked = unread.update(read_at=timezone.now())
    if marked:
        _unread_changed([user.pk])
    return marked


# --- Article changes -----------------------------------------------------------------------------

EDIT_KINDS = {"edit", "merge", "revert", "rename"}
VERBS = {
    "edit": "edited",
    "merge": "edited",
    "revert": "reverted",
    "rename": "renamed",
    "move": "moved",
    "delete": "moved to the trash",
    "restore": "restored",
}


def _diff_url(article, start, end):
    return f"{article.get_absolute_url()}_diff/?from={start}&to={end}"


def on_article_event(event):
    """React to one change from ``articles.services`` (inside its transaction): tell the
    followers, auto-follow the author, notify people newly @mentioned in the body."""
    article, actor, kind = event.article, event.actor, event.kind
    if actor is None or kind == "purge":
        return
    name = getattr(actor, "name", str(actor))
    followers = followers_of(article)
    if kind == "create":
        if article.parent_id is not None:
            _notify(
                recipients=followers,
                actor=actor,
                kind=Kind.CREATE,
                article=article,
                url=article.get_absolute_url(),
                summary=f"{name} added “{article.title}” under “{article.parent.title}”",
            )
        auto_follow(user=actor, article=article, reason="create")
    elif kind in EDIT_KINDS:
        start = max(event.revision - 1, 1)
        _notify(
            recipients=followers,
            actor=actor,
            kind=Kind.EDIT,
            article=article,
            url=_diff_url(article, start, event.revision),
            summary=f"{name} {VERBS[kind]} “{article.title}”",
            diff=(start, event.revision),
        )
        auto_follow(user=actor, article=article, reason="edit")
    elif kind in ("move", "delete", "restore"):
        _notify(
            recipients=followers,
            actor=actor,
            kind=Kind(kind),
            article=article,
            url=reverse("articles:trash") if kind == "delete" else article.get_absolute_url(),
            summary=f"{name} {VERBS[kind]} “{article.title}”",
        )
    if event.previous_body is not None:
        _notify_mentions(event, name)


def _notify_mentions(event, name):
    """People @mentioned in the body now who were not mentioned before the change."""
    before = {c for candidates in mention_names(event.previous_body) for c in candidates}
    new = [
        candidates
        for candidates in mention_names(event.article.body)
        if not before.intersection(candidates)
    ]
    if not new:
        return
    article = event.article
    _notify(
        recipients=users_named(new),
        actor=event.actor,
        kind=Kind.MENTION,
        article=article,
        url=article.get_absolute_url(),
        summary=f"{name} mentioned you in “{article.title}”",
    )
