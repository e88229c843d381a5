"""Signing in safely: lockouts after failed attempts, safe redirects, strong passwords."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user

PASSWORD = "correct horse battery staple"  # tests/conftest.py's make_user


def sign_in(client, username, password=PASSWORD, ip="10.0.0.1", **extra):
    return client.post(
        reverse("login"), {"username": username, "password": password, **extra}, REMOTE_ADDR=ip
    )


def fail(client, username, times, ip="10.0.0.1"):
    for _ in range(times):
        sign_in(client, username, "wrong password", ip=ip)


@pytest.fixture
def limit(settings):
    return settings.AXES_FAILURE_LIMIT


def test_after_too_many_failures_even_the_right_password_gets_a_clear_lockout_page(
    client, alice, limit
):
    fail(client, "alice", limit - 1)
    assert sign_in(client, "alice", "still wrong").status_code == 429

    response = sign_in(client, "alice")

    html = response.content.decode()
    assert response.status_code == 429
    assert "Sign-in paused" in html
    assert "paused for 15 minutes" in html
    assert '<main id="content"' in html  # the styled layout, not a bare error text
    assert "_auth_user_id" not in client.session


def test_a_locked_out_attempt_is_refused_before_the_password_is_hashed(client, alice, limit):
    fail(client, "alice", limit)
    hasher = MD5PasswordHasher  # the test settings' only hasher
    with (
        mock.patch.object(hasher, "verify", autospec=True) as verify,
        mock.patch.object(hasher, "encode", autospec=True) as encode,
    ):
        assert sign_in(client, "alice").status_code == 429
        assert sign_in(client, "nobody-at-all", ip="10.0.0.2").status_code == 200
    # The unknown account (not locked) was hashed, as Django does against timing attacks:
    # the patches work, and the locked one never reached them.
    assert encode.call_count == 1
    assert verify.call_count == 0


def test_a_lockout_is_per_account_so_colleagues_behind_the_same_proxy_still_sign_in(
    client, alice, bob, limit
):
    fail(client, "alice", limit)

    response = sign_in(client, "bob")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(bob.pk)


def test_the_lock_follows_the_account_from_another_address(client, alice, limit):
    fail(client, "alice", limit, ip="10.0.0.1")

    assert sign_in(client, "alice", ip="192.0.2.77").status_code == 429


def test_typing_the_email_address_counts_against_the_same_account(client, alice, limit):
    fail(client, "alice", limit - 2)
    sign_in(client, "Alice@Example.com", "wrong")
    sign_in(client, "alice@example.com", "wrong")

    assert sign_in(client, "alice").status_code == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"alice"}


def test_the_lock_lifts_by_itself_after_the_cool_off(client, alice, limit, settings):
    fail(client, "alice", limit)

    later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    with time_machine.travel(later):
        response = sign_in(client, "alice")

    assert response.status_code == 302


def test_a_successful_sign_in_forgets_earlier_failures(client, alice, limit):
    fail(client, "alice", limit - 1)
    assert sign_in(client, "alice").status_code == 302
    client.logout()

    fail(client, "alice", limit - 1)

    assert sign_in(client, "alice").status_code == 302


def test_an_administrator_unlocks_an_account_from_the_admin(client, alice, admin, limit):
    fail(client, "alice", limit)
    staff = client.__class__()
    staff.force_login(admin)

    changelist = staff.get("/admin/axes/accessattempt/?q=alice")
    assert changelist.status_code == 200
    assert "alice" in changelist.content.decode()
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    staff.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )

    assert not AccessAttempt.objects.exists()
    assert sign_in(client, "alice").status_code == 302


def test_a_deactivated_account_cannot_sign_in(client, db):
    make_user("gone", is_active=False)

    response = sign_in(client, "gone")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "next_url", ["https://evil.example.net/", "//evil.example.net/wiki/", "http:/\\evil.example"]
)
def test_after_signing_in_next_only_leads_to_this_site(client, alice, next_url):
    response = sign_in(client, "alice", next=next_url)

    assert response.status_code == 302
    assert response["Location"] == reverse("articles:home")


def test_after_signing_in_next_leads_to_a_page_of_this_site(client, alice):
    response = sign_in(client, "alice", next="/wiki/_recent/?kind=edits")

    assert response["Location"] == "/wiki/_recent/?kind=edits"


def test_a_sign_in_lasts_the_configured_session_age(client, alice, settings):
    sign_in(client, "alice")

    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert not client.session.get_expire_at_browser_close()


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("short1!", "too short"),
        ("password123", "too common"),
        ("7355608123456", "entirely numeric"),
        ("alice@example.com!", "too similar"),
    ],
)
def test_changing_the_password_to_a_weak_one_is_refused(client, alice, new_password, message):
    client.force_login(alice)

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_changing_the_password_to_a_strong_one_keeps_one_signed_in(client, alice):
    client.force_login(alice)
    new = "a long and quite unusual phrase"

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new)
    assert client.get(reverse("password_change")).status_code == 200
