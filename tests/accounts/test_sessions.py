"""Signed-in sessions: see where you're signed in, sign the other ones out."""

import html
from datetime import timedelta

import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts.models import UserSession

PASSWORD = "correct horse battery staple"  # tests/conftest.py's make_user
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)


def text(response):
    return html.unescape(response.content.decode())


def browser(user_agent, ip):
    return Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=ip)


def sign_in(client, username="alice"):
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_signing_in_records_the_device_and_address(alice):
    sign_in(browser(FIREFOX, "203.0.113.9"))

    (session,) = UserSession.objects.filter(user=alice)
    assert session.device == "Firefox on Windows"
    assert session.ip_address == "203.0.113.9"


def test_the_sessions_page_lists_mine_and_marks_this_one(alice, bob):
    laptop = sign_in(browser(FIREFOX, "203.0.113.9"))
    sign_in(browser(CHROME_ANDROID, "198.51.100.7"))
    sign_in(browser(FIREFOX, "192.0.2.1"), "bob")

    page = text(laptop.get("/accounts/sessions/"))

    assert page.count('class="card session') == 2
    assert "Firefox on Windows" in page and "Chrome on Android" in page
    assert "198.51.100.7" in page and "192.0.2.1" not in page
    current = page.split("This browser", 1)[0].rsplit('class="card session', 1)[1]
    assert "Firefox on Windows" in current


def test_signing_out_of_the_others_ends_them_and_keeps_this_one(alice, bob):
    laptop = sign_in(browser(FIREFOX, "203.0.113.9"))
    phone = sign_in(browser(CHROME_ANDROID, "198.51.100.7"))
    colleague = sign_in(browser(FIREFOX, "192.0.2.1"), "bob")

    response = laptop.post("/accounts/sessions/end-others/", follow=True)

    assert "Signed out of 1 other session." in text(response)
    assert phone.get("/").status_code == 302  # back to the sign-in page
    assert laptop.get("/").status_code == 200
    assert colleague.get("/").status_code == 200
    assert UserSession.objects.filter(user=alice).count() == 1


def test_signing_out_forgets_the_session(alice):
    laptop = sign_in(browser(FIREFOX, "203.0.113.9"))

    laptop.post("/accounts/logout/")

    assert not UserSession.objects.filter(user=alice).exists()


def test_last_activity_is_written_at_most_every_few_minutes(alice):
    laptop = sign_in(browser(FIREFOX, "203.0.113.9"))
    session = UserSession.objects.get(user=alice)
    laptop.get("/accounts/sessions/")
    seen = UserSession.objects.get(pk=session.pk).last_seen

    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        laptop.get("/accounts/sessions/")
    assert UserSession.objects.get(pk=session.pk).last_seen == seen

    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        laptop.get("/accounts/sessions/")
    assert UserSession.objects.get(pk=session.pk).last_seen > seen


def test_expired_sessions_are_not_listed(alice):
    laptop = sign_in(browser(FIREFOX, "203.0.113.9"))
    old = sign_in(browser(CHROME_ANDROID, "198.51.100.7"))

    Session.objects.filter(session_key=old.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    page = text(laptop.get("/accounts/sessions/"))

    assert "Chrome on Android" not in page


def test_signing_out_of_others_needs_a_post(client, alice):
    client.force_login(alice)

    assert client.get("/accounts/sessions/end-others/").status_code == 405


def test_changing_the_password_signs_out_the_other_sessions(alice):
    laptop = sign_in(browser(FIREFOX, "203.0.113.9"))
    phone = sign_in(browser(CHROME_ANDROID, "198.51.100.7"))
    new = "a long and quite unusual phrase"

    laptop.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )

    assert phone.get("/").status_code == 302
    assert laptop.get("/").status_code == 200
    page = text(laptop.get("/accounts/sessions/"))
    assert "Chrome on Android" not in page


def test_resetting_the_password_by_email_signs_out_everywhere(alice, mailoutbox):
    laptop = sign_in(browser(FIREFOX, "203.0.113.9"))
    stranger = Client()
    stranger.post("/accounts/password/reset/", {"email": "alice@example.com"})
    link = mailoutbox[0].body.split("http://testserver", 1)[1].split()[0]
    form_url = stranger.get(link)["Location"]
    new = "a long and quite unusual phrase"

    stranger.post(form_url, {"new_password1": new, "new_password2": new})

    assert laptop.get("/").status_code == 302
    assert not UserSession.objects.filter(user=alice).exists()
