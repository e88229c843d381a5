"""Each person's notification settings: email preference and auto-follow switches."""

import re

from notifications.models import NotificationSettings


def test_the_settings_page_shows_the_defaults_without_saving_anything(client, bob):
    client.force_login(bob)
    page = client.get("/notifications/settings/").content.decode()
    assert re.search(r'<input type="radio" name="email" value="immediate"[^>]* checked>', page)
    assert re.search(r'name="follow_on_edit"[^>]* checked>', page)
    assert not NotificationSettings.objects.exists()


def test_saving_the_settings_creates_them(client, bob):
    client.force_login(bob)
    response = client.post(
        "/notifications/settings/",
        {"email": "daily", "follow_on_create": "on", "follow_on_comment": "on"},
    )
    assert response.status_code == 302
    saved = NotificationSettings.objects.get(user=bob)
    assert (saved.email, saved.follow_on_create, saved.follow_on_edit) == ("daily", True, False)
    assert saved.follow_on_comment


def test_a_bad_choice_is_refused_and_nothing_is_saved(client, bob):
    client.force_login(bob)
    response = client.post("/notifications/settings/", {"email": "hourly"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not NotificationSettings.objects.exists()


def test_the_user_menu_links_to_the_settings(client, bob):
    client.force_login(bob)
    assert 'href="/notifications/settings/"' in client.get("/wiki/").content.decode()
