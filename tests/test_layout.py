"""The shell every page shares: layout, sign-in and passwords, error pages, health and start-up.

Signed-in layout checks use pages the shell owns (password change, the 404 page) so they don't
depend on any feature's view.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.views.defaults import permission_denied

from kb.errors import server_error

PASSWORD = "correct horse battery staple"  # tests/conftest.py's make_user
ROOT = Path(__file__).resolve().parent.parent


def error_text(response):
    """The text of the sign-in alert, without markup."""
    match = re.search(r'role="alert">(.*?)</div>\s*</div>', response.content.decode(), re.S)
    assert match, "no alert on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def landmarks(html):
    return {
        "skip link": '<a class="skip-link" href="#content">Skip to content</a>' in html,
        "banner": '<header class="site-header"' in html,
        "main": '<main id="content"' in html,
        "contentinfo": '<footer class="site-footer"' in html,
        "articles nav": '<nav aria-label="Articles">' in html,
        "search": 'role="search"' in html,
    }


# --- sign-in ---------------------------------------------------------------------------------


def test_the_sign_in_page_shows_a_form_and_a_way_to_reset_the_password(client, db):
    response = client.get(reverse("login"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sign in to Lore" in html
    assert 'name="username"' in html and 'name="password"' in html
    assert f'href="{reverse("password_reset")}">Forgot your password?' in html
    assert '<html lang="en">' in html
    assert '<meta name="color-scheme" content="light dark">' in html
    assert 'rel="icon" href="/static/favicon.svg"' in html


def test_the_sign_in_page_has_no_search_sidebar_or_user_menu(client, db):
    html = client.get(reverse("login")).content.decode()

    assert landmarks(html) == {
        "skip link": True,
        "banner": True,
        "main": True,
        "contentinfo": True,
        "articles nav": False,
        "search": False,
    }
    assert "Sign out" not in html


def test_anonymous_visitors_are_sent_to_sign_in_and_brought_back(client, db):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


def test_a_failed_sign_in_never_tells_whether_the_account_exists(client, alice):
    unknown = client.post(reverse("login"), {"username": "nobody", "password": PASSWORD})
    wrong_password = client.post(reverse("login"), {"username": "alice", "password": "nope"})

    assert unknown.status_code == wrong_password.status_code == 200
    assert error_text(unknown) == error_text(wrong_password)
    assert "match an active account" in error_text(unknown)


def test_one_can_sign_in_with_the_work_email_address(client, alice):
    response = client.post(
        reverse("login"), {"username": "ALICE@example.com", "password": PASSWORD, "next": "/wiki/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/wiki/"
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_signing_in_with_the_username_lands_on_the_home_page(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("articles:home")


def test_signing_out_takes_a_post_and_ends_the_session(client, alice):
    client.force_login(alice)

    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_a_stale_form_gets_a_friendly_csrf_page(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})

    assert response.status_code == 403
    assert "That form has expired" in response.content.decode()


# --- passwords -------------------------------------------------------------------------------


def test_a_password_reset_emails_a_link_that_sets_a_new_password(client, alice, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "alice@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["alice@example.com"]
    assert "password" in email.subject.lower() and "\n" not in email.subject
    assert "Hello Alice A.," in email.body
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", email.body).group(1)

    # Django swaps the token in the URL for one kept in the session, then shows the form.
    form_url = client.get(link)["Location"]
    form_page = client.get(form_url)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_url, {"new_password1": "a brand new secret", "new_password2": "a brand new secret"}
    )
    assert done["Location"] == reverse("password_reset_complete")
    assert "Your new password is set" in client.get(done["Location"]).content.decode()

    alice.refresh_from_db()
    assert alice.check_password("a brand new secret")
    assert "This link no longer works" in client.get(link, follow=True).content.decode()


def test_a_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(
    client, alice, mailoutbox
):
    response = client.post(reverse("password_reset"), {"email": "ghost@example.com"}, follow=True)

    assert mailoutbox == []
    assert "If an account uses that address" in response.content.decode()


def test_one_can_change_ones_password_and_stay_signed_in(client, alice):
    client.force_login(alice)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    assert 'name="old_password"' in page.content.decode()

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another long secret",
            "new_password2": "another long secret",
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("password_change_done")
    assert "Your password was changed" in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password("another long secret")
    assert response.context["user"] == alice


def test_a_wrong_old_password_is_shown_next_to_its_field(client, alice):
    client.force_login(alice)

    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "x" * 12, "new_password2": "x" * 12},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in html
    assert 'id="id_old_password_error"' in html


# --- the signed-in layout ----------------------------------------------------------------------


def test_signed_in_pages_have_the_whole_shell(client, alice):
    client.force_login(alice)

    html = client.get(reverse("password_change")).content.decode()

    assert all(landmarks(html).values()), landmarks(html)
    assert 'role="search" action="/search/" method="get"' in html
    assert '<label class="visually-hidden" for="site-search">Search articles</label>' in html
    assert 'name="q"' in html
    assert f'href="{reverse("articles:new")}"' in html and "New article" in html
    assert f'href="{reverse("articles:recent")}">Recent changes' in html
    assert f'href="{reverse("articles:trash")}">Trash' in html
    assert 'aria-controls="sidebar" aria-expanded="false"' in html


def test_readers_are_not_offered_new_article(client, db):
    from accounts.models import Role, role_group
    from tests.conftest import make_user

    reader = make_user("rita")
    reader.groups.add(role_group(Role.READER))
    client.force_login(reader)

    html = client.get(reverse("password_change")).content.decode()

    assert f'href="{reverse("articles:new")}"' not in html
    assert "New article" not in html


def test_the_user_menu_shows_who_is_signed_in_and_signs_out_with_a_post(client, alice):
    client.force_login(alice)

    html = client.get(reverse("password_change")).content.decode()

    assert '<span class="avatar" aria-hidden="true">AA</span>' in html
    assert "Alice A." in html
    sign_out = re.search(r'<form method="post" action="([^"]+)">\s*<input[^>]+csrf', html)
    assert sign_out and sign_out.group(1) == reverse("logout")
    assert "Admin" not in html


def test_staff_get_a_link_to_the_admin(client, admin):
    client.force_login(admin)

    html = client.get(reverse("password_change")).content.decode()

    assert f'href="{reverse("admin:index")}"' in html


def test_the_shell_costs_no_more_than_the_session_and_the_user(
    client, alice, django_assert_max_num_queries
):
    client.force_login(alice)
    client.get(reverse("password_change"))  # warms the cached session

    with django_assert_max_num_queries(2):
        assert client.get(reverse("password_change")).status_code == 200


def test_an_unknown_address_gets_a_styled_404_inside_the_layout(client, alice):
    client.force_login(alice)

    response = client.get("/no/such/page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "We couldn't find that page" in html
    assert all(landmarks(html).values())
    assert "<title>Page not found · Lore</title>" in html


def test_the_500_page_renders_without_a_request_context(rf):
    response = server_error(rf.get("/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html
    assert 'href="/static/css/lore.css"' in html
    assert "{{" not in html and "{%" not in html


def test_a_forbidden_page_keeps_the_layout_and_says_why(rf, alice):
    request = rf.get("/wiki/secret/")
    request.user = alice

    response = permission_denied(request, PermissionDenied())

    html = response.content.decode()
    assert response.status_code == 403
    assert "You don't have access to this page" in html
    assert all(landmarks(html).values())


def test_a_request_for_an_unknown_host_gets_the_400_page(client, db, settings):
    settings.ALLOWED_HOSTS = ["kb.example.com"]

    response = client.get(reverse("login"), HTTP_HOST="evil.example.net")

    assert response.status_code == 400
    assert "That request didn't make sense" in response.content.decode()


def test_the_site_name_comes_from_settings(client, db, settings):
    settings.SITE_NAME = "Acme Handbook"

    html = client.get(reverse("login")).content.decode()

    assert "Sign in to Acme Handbook" in html
    assert "<title>Sign in · Acme Handbook</title>" in html


# --- shared includes ---------------------------------------------------------------------------


def test_pagination_keeps_the_other_query_parameters(rf):
    page = Paginator(range(100), 10).page(2)

    html = render_to_string(
        "includes/pagination.html", {"page_obj": page}, request=rf.get("/?kind=edit&page=2")
    )

    assert "Page 2 of 10" in html
    assert 'href="?kind=edit&amp;page=1" rel="prev"' in html
    assert 'href="?kind=edit&amp;page=3" rel="next"' in html
    assert 'href="?kind=edit&amp;page=10"' in html


def test_pagination_is_left_out_when_everything_fits_on_one_page(rf):
    page = Paginator(range(5), 10).page(1)

    html = render_to_string("includes/pagination.html", {"page_obj": page}, request=rf.get("/"))

    assert html.strip() == ""


def test_messages_are_shown_with_their_level():
    html = render_to_string(
        "includes/messages.html", {"messages": [Message(constants.SUCCESS, "Saved <it>.")]}
    )

    assert '<li class="alert alert-success">Saved &lt;it&gt;.</li>' in html


# --- health ----------------------------------------------------------------------------------


def test_healthz_answers_without_signing_in(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_reports_503_when_the_database_is_down(client, db, monkeypatch):
    class UnreachableDatabase:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr("kb.health.connection", UnreachableDatabase())

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


# --- start-up and configuration (real processes, production-like settings) -------------------


def manage(*args, **env):
    """Run manage.py in a fresh process whose environment holds only what is given."""
    base = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(tmp_path, **overrides):
    env = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(45)[:60],
        "HTTPS": "1",
        "ALLOWED_HOSTS": "kb.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
    }
    return {**env, **overrides}


def test_the_production_settings_pass_djangos_deployment_checks(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr


def assert_one_clear_line(result, *expected):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for words in expected:
        assert words in lines[0]


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]

    assert_one_clear_line(manage("check", **env), "SECRET_KEY is not set")


@pytest.mark.parametrize(
    ("url", "words"),
    [("mysql://x", "supports SQLite and PostgreSQL"), ("nonsense", "DATABASE_URL")],
)
def test_an_unusable_database_url_is_explained_in_one_line(tmp_path, url, words):
    result = manage("check", **production_env(tmp_path, DATABASE_URL=url))

    assert_one_clear_line(result, "Lore is not configured correctly", words)


def test_an_unreachable_database_is_explained_in_one_line(tmp_path):
    env = production_env(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:1/x")

    result = manage("migrate", "--no-input", **env)

    assert_one_clear_line(result, "Lore cannot reach its database")
