"""The bell in the header and the notification list: counts, reading, query costs."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import services
from notifications.models import Kind, Notification
from tests.conftest import make_user


def notify(person, article, actor, kind=Kind.COMMENT, summary="Something happened"):
    services.notify(
        recipients=[person],
        actor=actor,
        kind=kind,
        article=article,
        url=article.get_absolute_url(),
        summary=summary,
    )


def test_the_bell_shows_the_unread_count(client, alice, bob, section):
    notify(bob, section, alice)
    notify(bob, section, alice, kind=Kind.MENTION)
    client.force_login(bob)
    page = client.get("/wiki/").content.decode()
    assert '<span class="notification-bell-count" aria-hidden="true">2</span>' in page
    assert "Notifications, 2 unread" in page


def test_the_bell_costs_no_query_once_counted(client, alice, bob, section):
    notify(bob, section, alice)
    client.force_login(bob)
    client.get("/notifications/settings/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/notifications/settings/")
    assert not [q for q in queries if 'FROM "notifications_notification"' in q["sql"]]


def test_the_bell_costs_one_count_query_when_not_cached(client, alice, bob, section):
    from django.core.cache import cache

    notify(bob, section, alice)
    client.force_login(bob)
    client.get("/notifications/settings/")
    cache.delete(services.UNREAD_KEY.format(bob.pk))
    with CaptureQueriesContext(connection) as queries:
        client.get("/notifications/settings/")
    counted = [q for q in queries if 'FROM "notifications_notification"' in q["sql"]]
    assert len(counted) == 1 and "COUNT(" in counted[0]["sql"].upper()


def test_the_list_shows_newest_first_with_unread_highlighted(client, alice, bob, section):
    notify(bob, section, alice, summary="Older news")
    services.mark_read(user=bob)
    notify(bob, section, alice, kind=Kind.MENTION, summary="Newer news")
    client.force_login(bob)
    page = client.get("/notifications/").content.decode()
    assert page.index("Newer news") < page.index("Older news")
    assert page.count("notification-unread") == 1


def test_a_coalesced_notification_says_how_many_more(client, alice, bob, section):
    for _ in range(3):
        notify(bob, section, alice)
    client.force_login(bob)
    assert "and 2 more" in client.get("/notifications/").content.decode()


def test_the_list_runs_the_same_queries_for_3_or_60_notifications(
    client, alice, bob, section, make_article
):
    def cost():
        client.get("/notifications/")  # warm the per-person caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/notifications/")
        assert response.status_code == 200
        return len(queries)

    client.force_login(bob)
    for number in range(3):
        notify(bob, make_article(f"A{number}"), make_user(f"actor{number}"))
    few = cost()
    for number in range(3, 60):
        notify(bob, make_article(f"A{number}"), alice)
    assert cost() == few
    assert few <= 5


def test_the_list_is_paginated(client, alice, bob, make_article):
    for number in range(35):
        notify(bob, make_article(f"A{number}"), alice)
    client.force_login(bob)
    assert client.get("/notifications/").content.decode().count('<li class="notification') == 30
    second = client.get("/notifications/?page=2").content.decode()
    assert second.count('<li class="notification') == 5


def test_opening_a_notification_marks_it_read_and_goes_to_its_target(client, alice, bob, section):
    notify(bob, section, alice)
    notification = Notification.objects.get()
    client.force_login(bob)
    response = client.get(f"/notifications/{notification.pk}/")
    assert response.status_code == 302
    assert response["Location"] == section.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert services.unread_count(bob) == 0


def test_nobody_opens_someone_elses_notification(client, alice, bob, carol, section):
    notify(bob, section, alice)
    client.force_login(carol)
    assert client.get(f"/notifications/{Notification.objects.get().pk}/").status_code == 404
    assert Notification.objects.get().read_at is None


def test_mark_one_and_mark_all_as_read(client, alice, bob, carol, section, make_article):
    notify(bob, section, alice)
    notify(bob, make_article("Other"), alice)
    notify(carol, section, alice)
    first = Notification.objects.filter(recipient=bob).first()
    client.force_login(bob)
    client.post("/notifications/read/", {"notification": first.pk})
    assert Notification.objects.filter(recipient=bob).unread().count() == 1
    client.post("/notifications/read/")
    assert not Notification.objects.filter(recipient=bob).unread().exists()
    assert Notification.objects.filter(recipient=carol).unread().count() == 1


def test_marking_as_read_is_post_only(client, alice, bob, section):
    notify(bob, section, alice)
    client.force_login(bob)
    assert client.get("/notifications/read/").status_code == 405
    assert Notification.objects.unread().count() == 1


def test_notifications_about_a_section_restricted_since_are_hidden(
    client, alice, bob, section, restrict
):
    notify(bob, section, alice, summary="About the plan")
    restrict(section, readers=[alice])
    client.force_login(bob)
    assert "About the plan" not in client.get("/notifications/").content.decode()
    assert services.unread_count(bob) == 0


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert "/login" in response["Location"] or "/accounts/" in response["Location"]
