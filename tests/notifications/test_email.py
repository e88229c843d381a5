"""Email: immediately, as a daily digest or never; one-click unsubscribe; the worker."""

import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from notifications import services
from notifications.emails import unsubscribe_token
from notifications.models import Kind, Notification, NotificationSettings
from notifications.tasks import send_digests, send_notification_emails


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what notify() defers to the commit (queuing the email task)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def notify(person, article, actor, kind=Kind.COMMENT, summary="Alice commented"):
    return services.notify(
        recipients=[person],
        actor=actor,
        kind=kind,
        article=article,
        url=article.get_absolute_url(),
        summary=summary,
    )


def test_people_who_want_email_right_away_get_one_per_notification(
    alice, bob, section, edit, on_commit
):
    services.follow(user=bob, article=section)
    with on_commit():
        edit(section, "Changed.\n")
    [message] = mail.outbox
    notification = Notification.objects.get()
    assert message.to == ["bob@example.com"]
    assert message.subject == "[Lore] Alice A. edited “Engineering”"
    assert f"http://127.0.0.1:8000/notifications/{notification.pk}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f"/notifications/{notification.pk}/" in html


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        (Kind.EDIT, "because you follow this article or a section above it."),
        (Kind.MENTION, "because you were mentioned."),
        (Kind.REPLY, "because someone replied to your comment."),
        (Kind.REVIEW_DUE, "because you own this article."),
    ],
)
def test_an_email_says_why_it_was_sent(alice, bob, section, on_commit, kind, reason):
    with on_commit():
        notify(bob, section, alice, kind=kind)
    [message] = mail.outbox
    assert reason in message.body
    assert reason in message.alternatives[0][0]


def test_every_email_has_a_one_click_unsubscribe_link_and_header(alice, bob, section, on_commit):
    with on_commit():
        notify(bob, section, alice)
    [message] = mail.outbox
    link = f"http://127.0.0.1:8000/notifications/unsubscribe/{unsubscribe_token(bob)}/"
    assert link in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_no_email_until_the_transaction_commits(alice, bob, section):
    notify(bob, section, alice)  # on_commit callbacks never run in this test's transaction
    assert mail.outbox == []


def test_people_who_chose_none_get_no_email(alice, bob, section, on_commit):
    NotificationSettings.objects.create(user=bob, email=NotificationSettings.Email.NONE)
    with on_commit():
        notify(bob, section, alice)
    assert mail.outbox == []
    assert send_digests() == 0
    assert Notification.objects.filter(recipient=bob).exists()  # still in the app


def test_a_notification_read_before_the_worker_runs_is_not_emailed(alice, bob, section):
    notify(bob, section, alice)
    services.mark_read(user=bob)
    send_notification_emails.call(notification_ids=[Notification.objects.get().pk])
    assert mail.outbox == []


def test_someone_who_lost_access_before_the_worker_runs_is_not_emailed(
    alice, bob, section, restrict
):
    notify(bob, section, alice)
    restrict(section, readers=[alice])
    send_notification_emails.call(notification_ids=[Notification.objects.get().pk])
    assert mail.outbox == []


def test_daily_digest_people_get_one_email_with_everything_unread(
    alice, bob, section, make_article, on_commit
):
    NotificationSettings.objects.create(user=bob, email=NotificationSettings.Email.DAILY)
    with on_commit():
        notify(bob, section, alice, summary="First thing")
        notify(bob, make_article("Other"), alice, kind=Kind.MENTION, summary="Second thing")
    assert mail.outbox == []  # nothing right away
    assert send_digests() == 1
    [message] = mail.outbox
    assert message.to == ["bob@example.com"]
    assert message.subject == "[Lore] 2 notifications for you"
    assert "First thing" in message.body and "Second thing" in message.body
    assert "List-Unsubscribe" in message.extra_headers


def test_a_digest_is_never_sent_twice(alice, bob, section, make_article):
    NotificationSettings.objects.create(user=bob, email=NotificationSettings.Email.DAILY)
    notify(bob, section, alice, summary="First thing")
    send_digests()
    assert send_digests() == 0
    assert len(mail.outbox) == 1
    with time_machine.travel(timezone.now() + timezone.timedelta(days=1)):
        notify(bob, make_article("Other"), alice, summary="Next day")
        send_digests()
    assert len(mail.outbox) == 2
    assert "Next day" in mail.outbox[1].body
    assert "First thing" not in mail.outbox[1].body
    assert Notification.objects.filter(digested_at__isnull=False).count() == 2


def test_the_digest_command_sends_the_digests(alice, bob, section):
    NotificationSettings.objects.create(user=bob, email=NotificationSettings.Email.DAILY)
    notify(bob, section, alice)
    out = io.StringIO()
    call_command("send_notification_digests", stdout=out)
    assert len(mail.outbox) == 1
    assert out.getvalue() == "Sent 1 digest.\n"


def test_read_notifications_are_left_out_of_the_digest(alice, bob, section):
    NotificationSettings.objects.create(user=bob, email=NotificationSettings.Email.DAILY)
    notify(bob, section, alice)
    services.mark_read(user=bob)
    assert send_digests() == 0


def test_the_unsubscribe_link_works_without_signing_in(client, alice, bob, section):
    response = client.get(f"/notifications/unsubscribe/{unsubscribe_token(bob)}/")
    assert response.status_code == 200
    assert "won't get notification emails" in response.content.decode()
    assert NotificationSettings.objects.get(user=bob).email == "none"


def test_mail_clients_can_unsubscribe_in_one_post(client, bob):
    response = client.post(
        f"/notifications/unsubscribe/{unsubscribe_token(bob)}/",
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    assert NotificationSettings.objects.get(user=bob).email == "none"


def test_a_tampered_unsubscribe_link_changes_nothing(client, bob):
    token = unsubscribe_token(bob)
    response = client.get(f"/notifications/unsubscribe/{token[:-2]}xx/")
    assert response.status_code == 404
    assert not NotificationSettings.objects.exists()


def test_in_production_email_waits_for_the_database_worker(
    alice, bob, section, settings, on_commit, monkeypatch
):
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    # The worker drops connections whose autocommit is off before each task; inside the test's
    # transaction that would be the test's own connection (PostgreSQL then refuses every
    # later query). The worker's own loop, claim and run are what this test is about.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    # django-tasks rebuilds its backends when the TASKS setting changes.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with on_commit():
        notify(bob, section, alice)
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(mail.outbox) == 1
