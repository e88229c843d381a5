"""The header and footer are rendered once per process for each combination of what they show
(kb/layout.py): everyone still sees their own, at once after a change, with a CSRF token
that works."""

import re

from django.test import Client

from notifications.models import Notification
from tests.conftest import make_user


def header_of(client, url="/accounts/password/"):
    html = client.get(url).content.decode()
    return html[html.index('<header class="site-header"') : html.index("</header>")]


def signed_in(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_each_person_sees_their_own_name_and_menu(alice, bob, admin, db):
    guest = make_user("gus", display_name="Gus G.", is_guest=True)
    pages = {user.username: header_of(signed_in(user)) for user in (alice, bob, admin, guest)}
    assert "Alice A." in pages["alice"] and "Bob Baker" not in pages["alice"]
    assert "Bob Baker" in pages["bob"] and "bob@example.com" in pages["bob"]
    assert ">AA</span>" in pages["alice"] and ">BB</span>" in pages["bob"]
    assert "/admin/" in pages["root"] and "/admin/" not in pages["alice"]
    assert ">\n          People\n" not in pages["gus"] and "People" in pages["alice"]


def test_a_new_name_and_a_new_notification_show_at_once(alice, bob, make_article):
    client = signed_in(alice)
    assert "notification-bell-count" not in header_of(client)
    alice.display_name = "Alice Archer-Smith"
    alice.save()
    article = make_article("Engineering", author=bob)
    Notification.objects.create(
        recipient=alice, actor=bob, kind="edit", article=article, url="/", summary="x"
    )
    from django.core.cache import cache

    cache.clear()  # the bell's count is cached per person (notifications.services)
    header = header_of(client)
    assert "Alice Archer-Smith" in header
    assert '<span class="notification-bell-count" aria-hidden="true">1</span>' in header


def test_the_search_box_keeps_what_was_searched(alice):
    header = header_of(signed_in(alice), "/accounts/password/?q=%3Cdeploy%3E")
    assert 'value="&lt;deploy&gt;"' in header


def test_the_sign_out_form_carries_a_working_token_every_time(alice, bob):
    client = signed_in(bob)
    header_of(signed_in(alice))  # the same header shape, memoised with someone else's token
    tokens = [
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', header_of(client)).group(1)
        for _ in range(2)
    ]
    assert tokens[0] != tokens[1]  # masked afresh for each response, as {% csrf_token %} does
    response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": tokens[1]})
    assert response.status_code == 302
    assert client.get("/accounts/password/").status_code == 302  # signed out


def test_signed_out_pages_get_the_bare_header(client, db):
    html = client.get("/accounts/login/").content.decode()
    header = html[html.index('<header class="site-header"') : html.index("</header>")]
    assert "user-menu" not in header and 'class="brand"' in header
