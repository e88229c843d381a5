"""Invitations: moderators invite employees and guests; a link works once, until it expires."""

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import GuestGrant, Invitation, Role, User, role_group
from articles import access
from articles.models import Article
from tests.conftest import restrict_reading

PASSWORD = "a sturdy passphrase for gus"


def text(response):
    return html.unescape(response.content.decode())


def invite(client, **data):
    return client.post("/people/invite/", {"kind": "employee", **data})


def link_in(mail):
    match = re.search(r"https?://\S+/accounts/invite/\S+/", mail.body)
    assert match, mail.body
    return match.group(0).split("testserver", 1)[1]


def accept(client, url, username="gus", password=PASSWORD, **extra):
    data = {"username": username, "display_name": "Gus G.", "password1": password}
    data["password2"] = extra.pop("password2", password)
    return client.post(url, {**data, **extra})


@pytest.fixture
def project(make_article):
    return make_article("Project Falcon", body="For the client.")


@pytest.fixture
def secret(make_article, alice):
    article = make_article("Board", body="Not for everyone.")
    restrict_reading(article, users=[alice])
    return article


def test_a_moderator_invites_a_guest_to_a_section_by_email(
    client, moderator, project, section, mailoutbox
):
    client.force_login(moderator)

    response = invite(client, email="gus@partner.example", kind="guest", sections=[project.pk])

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.kind == "guest"
    assert list(invitation.sections.all()) == [project]
    assert invitation.created_by == moderator
    assert invitation.expires_at - timezone.now() > timedelta(days=6)
    (mail,) = mailoutbox
    assert mail.to == ["gus@partner.example"]
    assert "Mona M. invited you" in mail.subject
    assert "Project Falcon" in mail.body and "Engineering" not in mail.body
    assert link_in(mail) == f"/accounts/invite/{invitation.token}/"


def test_the_invite_page_offers_only_sections_the_moderator_can_see(
    client, moderator, project, secret
):
    client.force_login(moderator)

    page = client.get("/people/invite/").content.decode()

    assert "Project Falcon" in page
    assert "Board" not in page


def test_a_tampered_section_id_is_refused_and_nothing_is_sent(
    client, moderator, secret, mailoutbox
):
    client.force_login(moderator)

    response = invite(client, email="gus@partner.example", kind="guest", sections=[secret.pk])

    assert response.status_code == 200
    assert "Select a valid choice" in text(response)
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_a_guest_can_be_granted_a_deeper_article_by_its_address(
    client, moderator, project, make_article
):
    design = make_article("Design", parent=project)
    client.force_login(moderator)

    invite(client, email="gus@partner.example", kind="guest", paths="project-falcon/design/\n")

    assert list(Invitation.objects.get().sections.all()) == [design]


def test_an_address_the_moderator_cannot_see_is_refused_like_a_missing_one(
    client, moderator, secret
):
    client.force_login(moderator)

    response = invite(client, email="gus@partner.example", kind="guest", paths="board\nnowhere")

    assert "There is no article you can see at “board”, “nowhere”." in text(response)
    assert not Invitation.objects.exists()


def test_a_guest_invitation_needs_a_section(client, moderator, project):
    client.force_login(moderator)

    response = invite(client, email="gus@partner.example", kind="guest")

    assert "Choose at least one section the guest may see." in text(response)
    assert not Invitation.objects.exists()


def test_a_moderator_cannot_invite_an_administrator(client, moderator):
    client.force_login(moderator)
    admin_role = role_group(Role.ADMIN)

    page = client.get("/people/invite/").content.decode()
    response = invite(client, email="eve@example.com", role=admin_role.pk)

    assert f'value="{admin_role.pk}"' not in page
    assert "Select a valid choice" in text(response)
    assert not Invitation.objects.exists()


def test_an_administrator_can_invite_an_administrator(client, admin):
    client.force_login(admin)

    invite(client, email="ada@example.com", role=role_group(Role.ADMIN).pk)

    assert Invitation.objects.get().role.name == Role.ADMIN


def test_someone_who_already_has_an_account_is_not_invited_again(client, moderator, bob):
    client.force_login(moderator)

    response = invite(client, email="BOB@example.com")

    assert "Someone already has an account with this email address" in text(response)


@pytest.mark.parametrize("who", ["alice", "guest"])
def test_only_moderators_and_administrators_may_invite(client, who, request):
    client.force_login(request.getfixturevalue(who))

    assert client.get("/people/invite/").status_code == 403
    assert invite(client, email="x@example.com").status_code == 403
    assert not Invitation.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/people/invite/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_accepting_a_guest_invitation_creates_a_guest_who_sees_only_that_section(
    client, moderator, project, section, mailoutbox
):
    client.force_login(moderator)
    invite(client, email="gus@partner.example", kind="guest", sections=[project.pk])
    url = link_in(mailoutbox[0])
    client.logout()

    page = client.get(url)
    response = accept(client, url)

    assert page.status_code == 200
    assert "Project Falcon" in text(page)
    assert response.status_code == 302
    gus = User.objects.get(username="gus")
    assert gus.is_guest and gus.email == "gus@partner.example"
    assert client.session["_auth_user_id"] == str(gus.pk)
    assert [g.article for g in GuestGrant.objects.filter(user=gus)] == [project]
    assert list(Article.objects.visible_to(gus)) == [project]
    invitation = Invitation.objects.get()
    assert invitation.accepted_user == gus and invitation.is_used
    assert client.get(project.get_absolute_url()).status_code == 200
    assert client.get(section.get_absolute_url()).status_code == 404


def test_accepting_an_employee_invitation_gives_the_chosen_role(client, moderator, mailoutbox):
    client.force_login(moderator)
    invite(client, email="rita@example.com", role=role_group(Role.READER).pk)
    client.logout()

    accept(client, link_in(mailoutbox[0]), username="rita")

    rita = User.objects.get(username="rita")
    assert not rita.is_guest
    assert access.access_for(rita).role == Role.READER


def test_an_employee_invitation_defaults_to_editor(client, moderator, mailoutbox):
    client.force_login(moderator)
    client.post("/people/invite/", {"kind": "employee", "email": "ed@example.com"})
    invitation = Invitation.objects.get()

    assert invitation.role is None or invitation.role.name == Role.EDITOR
    client.logout()
    accept(client, invitation.get_absolute_url(), username="ed")

    assert access.access_for(User.objects.get(username="ed")).role == Role.EDITOR


def test_a_used_invitation_cannot_be_used_again(client, moderator, mailoutbox):
    client.force_login(moderator)
    invite(client, email="rita@example.com")
    url = link_in(mailoutbox[0])
    client.logout()
    accept(client, url, username="rita")
    client.logout()

    page = client.get(url)
    again = accept(client, url, username="rita2")

    assert page.status_code == again.status_code == 410
    assert "already been used" in text(page)
    assert not User.objects.filter(username="rita2").exists()


def test_an_expired_invitation_is_refused_and_creates_nothing(client, moderator):
    invitation = Invitation.objects.create(
        email="late@example.com", created_by=moderator, expires_at=timezone.now()
    )

    response = accept(client, invitation.get_absolute_url(), username="late")

    assert response.status_code == 410
    assert "This invitation has expired" in text(response)
    assert not User.objects.filter(username="late").exists()


def test_an_unknown_invitation_link_is_a_clear_404(client, db):
    response = client.get("/accounts/invite/not-a-real-token/")

    assert response.status_code == 404
    assert "This invitation link isn't valid" in text(response)


def test_a_weak_password_is_refused_and_the_invitation_stays_usable(client, moderator):
    invitation = Invitation.objects.create(email="rita@example.com", created_by=moderator)

    response = accept(client, invitation.get_absolute_url(), username="rita", password="rita1234")

    assert response.status_code == 200
    assert "This password is too short" in text(response)
    assert not User.objects.filter(username="rita").exists()
    invitation.refresh_from_db()
    assert not invitation.is_used


def test_mismatched_passwords_are_refused(client, moderator):
    invitation = Invitation.objects.create(email="rita@example.com", created_by=moderator)

    response = accept(client, invitation.get_absolute_url(), password2="something else entirely")

    assert "The two password fields didn’t match." in text(response)
    assert not User.objects.filter(username="gus").exists()


def test_a_taken_username_is_refused(client, moderator, alice):
    invitation = Invitation.objects.create(email="al@example.com", created_by=moderator)

    response = accept(client, invitation.get_absolute_url(), username="alice")

    assert "A user with that username already exists." in text(response)


def test_a_revoked_invitation_stops_working(client, moderator):
    invitation = Invitation.objects.create(email="rita@example.com", created_by=moderator)
    client.force_login(moderator)

    client.post(f"/people/invite/{invitation.pk}/revoke/")
    client.logout()

    assert client.get(invitation.get_absolute_url()).status_code == 410


def test_a_moderator_cannot_revoke_someone_elses_invitation(client, moderator, admin):
    invitation = Invitation.objects.create(email="rita@example.com", created_by=admin)
    client.force_login(moderator)

    assert client.post(f"/people/invite/{invitation.pk}/revoke/").status_code == 404
    invitation.refresh_from_db()
    assert not invitation.is_expired


@pytest.mark.parametrize("count", [2, 25])
def test_the_invitations_list_costs_the_same_however_many(
    client, moderator, project, count, django_assert_max_num_queries
):
    for number in range(count):
        invitation = Invitation.objects.create(
            email=f"guest{number}@partner.example", kind="guest", created_by=moderator
        )
        invitation.sections.set([project])
    client.force_login(moderator)
    client.get("/people/invite/")

    with django_assert_max_num_queries(8):
        page = client.get("/people/invite/").content.decode()

    assert page.count("Project Falcon") >= count


def test_a_read_only_guest_can_be_invited(client, moderator, project, mailoutbox):
    client.force_login(moderator)
    reader = role_group(Role.READER)
    invite(client, email="gus@partner.example", kind="guest", sections=[project.pk], role=reader.pk)
    client.logout()

    accept(client, link_in(mailoutbox[0]))

    gus = User.objects.get(username="gus")
    assert access.access_for(gus).role == Role.READER
    assert client.get(project.action_url("edit")).status_code == 403


def test_a_guest_cannot_be_made_a_moderator(client, moderator, project):
    client.force_login(moderator)
    role = role_group(Role.MODERATOR)

    response = invite(
        client, email="gus@partner.example", kind="guest", sections=[project.pk], role=role.pk
    )

    assert "A guest can be a Reader or an Editor." in text(response)
    assert not Invitation.objects.exists()
