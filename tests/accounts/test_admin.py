"""People in the Django admin: deactivation, groups, guest grants, invitations, sessions."""

import pytest
from django.test import Client

from accounts.models import GuestGrant, Invitation, Role, User, UserSession, role_group
from articles import access
from articles.models import Article

PASSWORD = "correct horse battery staple"  # tests/conftest.py's make_user


@pytest.fixture
def admin_client(admin):
    client = Client()
    client.force_login(admin)
    return client


def signed_in(username):
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def action(admin_client, name, people, **extra):
    return admin_client.post(
        "/admin/accounts/user/",
        {"action": name, "_selected_action": [p.pk for p in people], **extra},
    )


def test_deactivating_someone_ends_their_open_sessions_at_once(admin_client, alice, section):
    alices_browser = signed_in("alice")
    assert alices_browser.get(section.get_absolute_url()).status_code == 200

    action(admin_client, "deactivate", [alice])

    alice.refresh_from_db()
    assert not alice.is_active
    assert alices_browser.get(section.get_absolute_url()).status_code == 302
    assert not UserSession.objects.filter(user=alice).exists()


def test_a_deactivated_persons_session_stops_working_even_if_set_by_hand(client, alice, section):
    client.force_login(alice)
    User.objects.filter(pk=alice.pk).update(is_active=False)  # e.g. from a shell

    response = client.get(section.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_deactivation_keeps_their_articles_and_history_attributed(admin_client, alice, section):
    action(admin_client, "deactivate", [alice])

    section.refresh_from_db()
    assert section.created_by == alice
    assert section.revisions.first().revision.user == alice
    assert Article.objects.filter(pk=section.pk, deleted_at__isnull=True).exists()


def test_an_administrator_cannot_deactivate_themselves(admin_client, admin, alice):
    action(admin_client, "deactivate", [admin, alice])

    admin.refresh_from_db()
    alice.refresh_from_db()
    assert admin.is_active and not alice.is_active


def test_adding_people_to_a_group_asks_which_group_then_takes_effect(admin_client, alice, bob):
    moderators = role_group(Role.MODERATOR)
    assert not access.access_for(alice).is_moderator

    page = action(admin_client, "add_to_group", [alice, bob])
    action(admin_client, "add_to_group", [alice, bob], apply="yes", group=moderators.pk)

    assert "Add people to a group" in page.content.decode()
    assert set(moderators.user_set.values_list("username", flat=True)) == {"alice", "bob"}
    assert access.access_for(User.objects.get(pk=alice.pk)).is_moderator


def test_the_people_list_filters_by_guest_active_and_group(admin_client, alice, guest):
    guests = admin_client.get("/admin/accounts/user/?is_guest__exact=1").content.decode()
    searched = admin_client.get("/admin/accounts/user/?q=archer").content.decode()
    grouped = admin_client.get(
        f"/admin/accounts/user/?groups__id__exact={role_group(Role.EDITOR).pk}"
    )

    assert "gus" in guests and "alice" not in guests
    assert "alice" in searched
    assert grouped.status_code == 200


def test_a_guest_grant_added_in_the_admin_takes_effect_at_once(admin_client, admin, guest, section):
    assert not Article.objects.visible_to(guest).exists()

    admin_client.post("/admin/accounts/guestgrant/add/", {"user": guest.pk, "article": section.pk})

    grant = GuestGrant.objects.get()
    assert grant.granted_by == admin
    assert list(Article.objects.visible_to(User.objects.get(pk=guest.pk))) == [section]


def test_the_user_page_shows_guest_grants_inline(admin_client, alice, guest, section):
    GuestGrant.objects.create(user=guest, article=section, granted_by=alice)

    page = admin_client.get(f"/admin/accounts/user/{guest.pk}/change/").content.decode()

    assert "sections this guest may see" in page.lower()
    assert "Engineering" in page


def test_invitations_are_listed_searchable_and_revocable(admin_client, alice):
    invitation = Invitation.objects.create(email="rita@example.com", created_by=alice)

    listing = admin_client.get("/admin/accounts/invitation/?q=rita").content.decode()
    admin_client.post(
        "/admin/accounts/invitation/",
        {"action": "revoke", "_selected_action": [invitation.pk]},
    )

    assert "rita@example.com" in listing and "Pending" in listing
    invitation.refresh_from_db()
    assert invitation.is_expired


def test_sessions_can_be_ended_from_the_admin(admin_client, alice, section):
    alices_browser = signed_in("alice")

    admin_client.post(
        "/admin/accounts/usersession/",
        {
            "action": "sign_out",
            "_selected_action": list(
                UserSession.objects.values_list("pk", flat=True).filter(user=alice)
            ),
        },
    )

    assert alices_browser.get(section.get_absolute_url()).status_code == 302


def test_group_changes_anywhere_refresh_cached_verdicts(alice):
    assert access.access_for(alice).role == Role.EDITOR

    alice.groups.add(role_group(Role.READER))

    assert access.access_for(User.objects.get(pk=alice.pk)).role == Role.READER


def test_people_who_arent_staff_cannot_reach_the_admin(client, alice):
    client.force_login(alice)

    response = client.get("/admin/accounts/user/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
