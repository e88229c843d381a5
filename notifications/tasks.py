"""Background work, run by django-tasks (``manage.py db_worker`` in production; immediately,
in the web process, in development and tests)."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from articles import access
from notifications.emails import digest_email, notification_email
from notifications.models import Notification, NotificationSettings

DIGEST_LOOKBACK_DAYS = 7


@task()
def send_notification_emails(notification_ids):
    """Email each notification to its recipient, if it is still worth it: still unread, the
    person still active, still wanting email right away and still allowed to read."""
    notifications = Notification.objects.filter(
        pk__in=notification_ids, read_at__isnull=True, recipient__is_active=True
    ).select_related("recipient", "actor", "article")
    choices = dict(
        NotificationSettings.objects.filter(
            user_id__in={n.recipient_id for n in notifications}
        ).values_list("user_id", "email")
    )
    sent = 0
    for notification in notifications:
        user = notification.recipient
        if choices.get(user.pk, NotificationSettings.Email.IMMEDIATE) != "immediate":
            continue
        if not user.email:
            continue
        if notification.article is not None and not access.can_read(user, notification.article):
            continue
        notification_email(notification).send()
        sent += 1
    return sent


def send_digests(now=None):
    """Send each daily-digest person one email of their unread notifications since their
    last digest (at most a week back). A person's ``last_digest_at`` is claimed before
    sending, so two runs at once, or twice a day, never send the same digest twice."""
    now = now or timezone.now()
    sent = 0
    people = NotificationSettings.objects.filter(
        email=NotificationSettings.Email.DAILY, user__is_active=True
    ).select_related("user")
    for choice in people:
        user = choice.user
        since = choice.last_digest_at or now - timezone.timedelta(days=DIGEST_LOOKBACK_DAYS)
        notifications = list(
            Notification.objects.filter(recipient=user, updated_at__gt=since, updated_at__lte=now)
            .unread()
            .readable_by(user)
            .filter(
                Q(article__isnull=True) | Q(article__deleted_at__isnull=True) | Q(kind="delete")
            )
            .select_related("actor", "article")
            .order_by("-updated_at")
        )
        if not notifications or not user.email:
            continue
        with transaction.atomic():
            claimed = NotificationSettings.objects.filter(
                pk=choice.pk, last_digest_at=choice.last_digest_at
            ).update(last_digest_at=now)
            if not claimed:
                continue  # another run got there first
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
                digested_at=now
            )
            digest_email(user, notifications).send()
        sent += 1
    return sent


@task()
def send_notification_digests():
    """The daily digest as a task (``manage.py send_notification_digests`` does the same)."""
    return send_digests()
