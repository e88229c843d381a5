"""send_review_reminders with a frozen clock: owners hear once when an article falls due, and
each Monday morning get a digest of what they own that is overdue, by email too; running it
again sends nothing new; nobody deactivated and nothing they may no longer read."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from articles import services as article_services
from notifications.models import Notification, NotificationSettings
from review import reminders, services
from review.tasks import send_review_reminders
from tests.conftest import make_user, restrict_reading
from tests.review.conftest import make_overdue

# A Wednesday morning. Alice's runbook (every 30 days) falls due on Friday 4 April at 09:00;
# the following Monday is 7 April.
START = timezone.make_aware(datetime(2025, 3, 5, 9, 0))
DUE = START + timedelta(days=30)
MONDAY_7AM = timezone.make_aware(datetime(2025, 4, 7, 7, 0))


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


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the reminders as cron would, with the emails they queue sent."""

    def run_once():
        with django_capture_on_commit_callbacks(execute=True):
            return reminders.send_reminders()

    return run_once


def notices(kind, **filters):
    return list(Notification.objects.filter(kind=kind, **filters).order_by("pk"))


def read_everything():
    Notification.objects.update(read_at=timezone.now())


def mails_about(text):
    return [m for m in mail.outbox if text in m.subject + m.body]


def test_nothing_is_sent_before_anything_is_due(owned, clock, run):
    clock.move_to(DUE - timedelta(minutes=1))
    result = run()
    assert (result.due_notified, result.digests) == (0, 0)
    assert not Notification.objects.exists() and not mail.outbox


def test_owners_are_told_once_when_an_article_falls_due(owned, clock, alice, run):
    clock.move_to(DUE + timedelta(minutes=1))
    assert run().due_notified == 1
    (notice,) = notices("review_due")
    assert notice.recipient == alice and notice.article_id == owned.pk
    assert notice.summary.startswith("“Deploy runbook” is due for review since 4 April 2025")
    (email,) = mails_about("Deploy runbook")
    assert email.to == ["alice@example.com"]
    assert "“Deploy runbook” is due for review" in email.subject

    for _ in range(3):  # hourly cron: nothing new
        clock.shift(timedelta(hours=1))
        assert run().due_notified == 0
    assert len(notices("review_due")) == 1 and len(mail.outbox) == 1


def test_after_a_verification_the_next_due_date_is_announced_again(owned, clock, alice, run):
    clock.move_to(DUE + timedelta(hours=1))
    run()
    read_everything()
    services.verify(article=owned, by=alice)
    clock.shift(timedelta(days=29))
    assert run().due_notified == 0
    clock.shift(timedelta(days=2))
    assert run().due_notified == 1
    assert len(notices("review_due")) == 2


def test_the_digest_waits_for_monday_morning_not_the_day_it_falls_due(owned, clock, alice, run):
    clock.move_to(DUE + timedelta(minutes=1))  # Friday
    assert (run().due_notified, run().digests) == (1, 0)
    clock.move_to(MONDAY_7AM - timedelta(minutes=1))
    assert run().digests == 0
    clock.move_to(MONDAY_7AM)
    assert run().digests == 1
    (digest,) = notices("review_digest")
    assert digest.recipient == alice and digest.article is None
    assert digest.summary == "1 article you own is overdue for review: “Deploy runbook”."
    assert digest.url == "/knowledge-health/"
    assert mails_about("1 article you own is overdue for review")


def test_the_digest_lists_everything_they_own_that_is_overdue(
    owned, clock, alice, bob, make_article, set_review, run
):
    backups = make_article("Backups")
    set_review(backups, interval_days=10)
    bobs = make_article("Bob's page", author=bob)
    set_review(bobs, interval_days=60)  # not due yet
    clock.move_to(MONDAY_7AM)
    result = run()
    assert result.digests == 1  # bob owns nothing overdue
    (digest,) = notices("review_digest")
    assert digest.recipient == alice
    assert digest.summary == (
        "2 articles you own are overdue for review: “Backups”, “Deploy runbook”."
    )


def test_the_digest_goes_out_once_a_week_and_replaces_an_unread_one(owned, clock, run):
    clock.move_to(MONDAY_7AM)
    assert run().digests == 1
    for _ in range(6 * 24):  # hourly, until Sunday night
        clock.shift(timedelta(hours=1))
        assert run().digests == 0
    clock.move_to(MONDAY_7AM + timedelta(days=7))
    assert run().digests == 1
    # Last week's was never read: it is replaced, and this week's is emailed all the same.
    assert len(notices("review_digest")) == 1
    assert len(mails_about("overdue for review:")) == 2


def test_a_missed_monday_still_gets_that_weeks_digest_once(owned, clock, run):
    clock.move_to(MONDAY_7AM + timedelta(days=1, hours=3))  # cron was down on Monday
    assert run().digests == 1
    clock.shift(timedelta(hours=1))
    assert run().digests == 0


def test_deactivated_owners_hear_nothing(owned, clock, alice, run):
    alice.is_active = False
    alice.save()
    clock.move_to(MONDAY_7AM)
    result = run()
    assert (result.due_notified, result.digests) == (1, 0)  # announced, to nobody
    assert not Notification.objects.exists() and not mail.outbox


def test_a_deactivated_member_of_an_owner_group_hears_nothing(
    owned, clock, alice, carol, docs_team, set_review, run
):
    gone = make_user("gone", first_name="Gone")
    docs_team.user_set.add(gone)
    gone.is_active = False
    gone.save()
    set_review(owned, users=[alice], groups=[docs_team], interval_days=30)
    clock.move_to(MONDAY_7AM)
    run()
    assert {n.recipient.username for n in notices("review_due")} == {"alice", "carol"}
    assert {n.recipient.username for n in notices("review_digest")} == {"alice", "carol"}
    assert not [m for m in mail.outbox if "gone@example.com" in m.to]


def test_owners_who_can_no_longer_read_an_article_hear_nothing_about_it(
    owned, clock, alice, carol, docs_team, make_article, set_review, run
):
    # The Docs group owns two articles; a restriction later keeps carol out of one of them.
    open_one = make_article("Style guide")
    set_review(open_one, users=[], groups=[docs_team], interval_days=30)
    set_review(owned, users=[alice], groups=[docs_team], interval_days=30)
    restrict_reading(owned, users=[alice])
    clock.move_to(MONDAY_7AM)
    run()
    carols = notices("review_due", recipient=carol)
    assert [n.article_id for n in carols] == [open_one.pk]
    (digest,) = notices("review_digest", recipient=carol)
    assert digest.summary == "1 article you own is overdue for review: “Style guide”."
    carol_mail = " ".join(m.subject + m.body for m in mail.outbox if m.to == [carol.email])
    assert "Style guide" in carol_mail and "Deploy runbook" not in carol_mail


def test_email_follows_each_owners_preference(owned, clock, alice, run):
    NotificationSettings.objects.update_or_create(
        user=alice, defaults={"email": NotificationSettings.Email.NONE}
    )
    clock.move_to(MONDAY_7AM)
    run()
    assert notices("review_due") and notices("review_digest") and not mail.outbox


def test_articles_in_the_trash_are_not_announced(owned, clock, alice, run):
    article_services.trash_article(article=owned, author=alice)
    clock.move_to(MONDAY_7AM)
    result = run()
    assert (result.due_notified, result.digests) == (0, 0)


def test_the_command_and_the_task_run_the_same_reminders(
    owned, clock, capsys, django_capture_on_commit_callbacks
):
    clock.move_to(MONDAY_7AM)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_review_reminders")
    assert "Due notices: 1; weekly digests: 1" in capsys.readouterr().out
    with django_capture_on_commit_callbacks(execute=True):
        result = send_review_reminders.enqueue()
    assert result.return_value == {"due_notified": 0, "digests": 0, "views": 0}


# The worker manages its own transactions and drops connections left inside one, as a test
# transaction would look to it: this test commits for real (transaction=True).
@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_the_task(make_article, set_review, alice, settings, request):
    from django_tasks_db.models import DBTaskResult

    # A Wednesday, ticking (the worker polls): on a Monday morning the weekly digest would go
    # out too.
    traveller = time_machine.travel(START, tick=True)
    traveller.start()
    request.addfinalizer(traveller.stop)
    article = make_article("Deploy runbook")
    set_review(article, interval_days=30)
    make_overdue(article, days=1)
    # Production: the task is queued (by a scheduler or cron) and run by manage.py db_worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    send_review_reminders.enqueue()
    assert DBTaskResult.objects.count() == 1 and not notices("review_due")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [n.recipient for n in notices("review_due")] == [alice]
    # Its email was queued as a task of its own and sent by the same run of the worker.
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2
    assert mails_about("Deploy runbook")


def test_a_failure_writing_page_views_does_not_stop_the_reminders(owned, clock, run, monkeypatch):
    from review import pageviews

    def broken(**kwargs):
        raise RuntimeError("cache down")

    monkeypatch.setattr(pageviews, "flush_all", broken)
    clock.move_to(DUE + timedelta(minutes=1))
    assert run().due_notified == 1
