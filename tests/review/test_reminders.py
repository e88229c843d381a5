"""send_review_reminders with a frozen clock: owners hear once when an article falls due,
get a weekly digest of what they own that is overdue, by email too; running it again sends
nothing new."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from articles import services as article_services
from notifications.models import Notification, NotificationSettings
from review import reminders, services
from review.tasks import send_review_reminders

START = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def owned(clock, make_article, set_review, alice):
    """An article of alice's reviewed every 30 days, verified now."""
    article = make_article("Deploy runbook")
    set_review(article, interval_days=30)
    return article


def run(capture):
    with capture(execute=True):
        return reminders.send_reminders()


def notices(kind):
    return list(Notification.objects.filter(kind=kind).order_by("pk"))


def test_nothing_is_sent_before_anything_is_due(owned, django_capture_on_commit_callbacks):
    run(django_capture_on_commit_callbacks)
    assert not notices("review_due") and not notices("review_digest") and not mail.outbox


def test_owners_are_told_once_when_an_article_falls_due(
    owned, clock, alice, django_capture_on_commit_callbacks
):
    clock.shift(timedelta(days=30, minutes=1))
    first = run(django_capture_on_commit_callbacks)
    assert first.due_notified == 1
    (notice,) = notices("review_due")
    assert notice.recipient == alice and notice.article_id == owned.pk
    assert "Due for review since" in notice.summary
    assert [m.to for m in mail.outbox if "Deploy runbook" in m.subject + m.body] != []

    clock.shift(timedelta(hours=1))
    again = run(django_capture_on_commit_callbacks)
    assert again.due_notified == 0
    assert len(notices("review_due")) == 1


def test_after_a_verification_the_next_due_date_is_announced_again(
    owned, clock, alice, django_capture_on_commit_callbacks
):
    clock.shift(timedelta(days=31))
    run(django_capture_on_commit_callbacks)
    Notification.objects.update(read_at=timezone.now())  # read: the next one is new
    services.verify(article=owned, by=alice)
    clock.shift(timedelta(days=29))
    assert run(django_capture_on_commit_callbacks).due_notified == 0
    clock.shift(timedelta(days=2))
    assert run(django_capture_on_commit_callbacks).due_notified == 1
    assert len(notices("review_due")) == 2


def test_the_weekly_digest_lists_what_they_own_that_is_overdue(
    owned, clock, alice, bob, make_article, set_review, django_capture_on_commit_callbacks
):
    other = make_article("Backups")
    set_review(other, interval_days=10)
    bobs = make_article("Bob's page", author=bob)
    set_review(bobs, interval_days=60)
    clock.shift(timedelta(days=31))
    result = run(django_capture_on_commit_callbacks)
    assert result.digests == 1  # bob owns nothing overdue
    (digest,) = notices("review_digest")
    assert digest.recipient == alice and digest.article is None
    assert digest.summary.startswith("2 articles you own are overdue for review:")
    assert "“Backups”" in digest.summary and "“Deploy runbook”" in digest.summary
    assert digest.url == "/knowledge-health/"


def test_the_digest_goes_out_at_most_once_a_week(owned, clock, django_capture_on_commit_callbacks):
    clock.shift(timedelta(days=31))
    assert run(django_capture_on_commit_callbacks).digests == 1
    Notification.objects.update(read_at=timezone.now())
    for _ in range(6):
        clock.shift(timedelta(days=1))
        assert run(django_capture_on_commit_callbacks).digests == 0
    clock.shift(timedelta(days=1))
    assert run(django_capture_on_commit_callbacks).digests == 1
    assert len(notices("review_digest")) == 2


def test_group_owners_are_told_and_the_person_who_cant_read_it_is_not(
    owned, clock, alice, carol, docs_team, set_review, django_capture_on_commit_callbacks
):
    outsider = docs_team.user_set.create(username="olaf", email="olaf@example.com")
    set_review(owned, users=[alice], groups=[docs_team], interval_days=30)
    article_services.set_restriction(
        article=owned,
        read_users=[alice, carol],
        read_groups=[],
        edit_users=[],
        edit_groups=[],
        author=alice,
    )
    clock.shift(timedelta(days=31))
    run(django_capture_on_commit_callbacks)
    told = {n.recipient.username for n in notices("review_due")}
    assert told == {"alice", "carol"}
    assert "olaf" not in {n.recipient.username for n in notices("review_digest")}
    assert outsider.pk


def test_email_follows_each_owners_preference(
    owned, clock, alice, django_capture_on_commit_callbacks
):
    NotificationSettings.objects.update_or_create(
        user=alice, defaults={"email": NotificationSettings.Email.NONE}
    )
    clock.shift(timedelta(days=31))
    run(django_capture_on_commit_callbacks)
    assert notices("review_due") and not mail.outbox


def test_articles_in_the_trash_are_not_announced(
    owned, clock, alice, django_capture_on_commit_callbacks
):
    article_services.trash_article(article=owned, author=alice)
    clock.shift(timedelta(days=31))
    result = run(django_capture_on_commit_callbacks)
    assert (result.due_notified, result.digests) == (0, 0)


def test_the_command_and_the_task_run_the_same_reminders(
    owned, clock, capsys, django_capture_on_commit_callbacks
):
    clock.shift(timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_review_reminders")
    assert "Due notices: 1; weekly digests: 1" in capsys.readouterr().out
    with django_capture_on_commit_callbacks(execute=True):
        result = send_review_reminders.enqueue()
    assert result.return_value == {"due_notified": 0, "digests": 0, "views": 0}
