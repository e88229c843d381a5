"""Self-registration: company addresses only (LORE_SIGNUP_DOMAINS), confirmed by email."""

import html
import re

import pytest

from accounts.models import Role, User, role_group
from articles import access

PASSWORD = "a sturdy passphrase for dana"


@pytest.fixture
def open_signup(settings, db):
    settings.LORE_SIGNUP_DOMAINS = ["example.com", "example.org"]


def text(response):
    return html.unescape(response.content.decode())


def sign_up(client, email="dana@example.com", username="dana", password=PASSWORD):
    data = {"email": email, "username": username, "display_name": "Dana Fox"}
    return client.post("/accounts/signup/", {**data, "password1": password, "password2": password})


def verification_link(mail):
    match = re.search(r"http://testserver(/accounts/signup/verify/\S+/\S+/)", mail.body)
    assert match, mail.body
    return match.group(1)


def test_signup_is_off_without_company_domains(client, settings, db):
    settings.LORE_SIGNUP_DOMAINS = []

    assert client.get("/accounts/signup/").status_code == 404
    assert sign_up(client).status_code == 404
    assert "Create an account" not in client.get("/accounts/login/").content.decode()


def test_the_sign_in_page_offers_signup_when_it_is_on(client, open_signup):
    page = client.get("/accounts/login/").content.decode()

    assert 'href="/accounts/signup/">Create an account' in page


def test_signing_up_creates_an_inactive_editor_and_emails_a_link(client, open_signup, mailoutbox):
    page = client.get("/accounts/signup/")
    response = sign_up(client)

    assert "@example.com" in text(page) and "@example.org" in text(page)
    assert response.status_code == 200
    assert "Check your email" in text(response)
    dana = User.objects.get(username="dana")
    assert not dana.is_active and not dana.is_guest
    assert list(dana.groups.values_list("name", flat=True)) == [Role.EDITOR]
    (mail,) = mailoutbox
    assert mail.to == ["dana@example.com"]
    assert "dana" in mail.body
    assert "_auth_user_id" not in client.session


def test_an_unconfirmed_account_cannot_sign_in(client, open_signup):
    sign_up(client)

    response = client.post("/accounts/login/", {"username": "dana", "password": PASSWORD})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_emailed_link_confirms_the_address_and_signs_in(client, open_signup, mailoutbox):
    sign_up(client)
    link = verification_link(mailoutbox[0])

    page = client.get(link)
    assert not User.objects.get(username="dana").is_active  # a mail scanner's GET does nothing
    response = client.post(link)

    assert "Confirm and sign in" in text(page)
    assert response.status_code == 302
    dana = User.objects.get(username="dana")
    assert dana.is_active
    assert client.session["_auth_user_id"] == str(dana.pk)
    assert access.access_for(dana).role == Role.EDITOR


def test_a_confirmation_link_works_once(client, open_signup, mailoutbox):
    sign_up(client)
    link = verification_link(mailoutbox[0])
    client.post(link)
    client.logout()

    response = client.post(link)

    assert response.status_code == 410
    assert "invalid or has expired" in text(response)


def test_an_old_link_cannot_revive_an_account_an_administrator_deactivated(
    client, open_signup, mailoutbox
):
    sign_up(client)
    link = verification_link(mailoutbox[0])
    client.post(link)
    client.logout()
    User.objects.filter(username="dana").update(is_active=False)

    response = client.post(link)

    assert response.status_code == 410
    assert not User.objects.get(username="dana").is_active


def test_a_tampered_link_is_refused(client, open_signup, mailoutbox):
    sign_up(client)
    link = verification_link(mailoutbox[0])

    assert client.post(link[:-3] + "xx/").status_code == 410
    assert client.post("/accounts/signup/verify/!!/abc-def/").status_code == 410
    assert not User.objects.get(username="dana").is_active


@pytest.mark.parametrize(
    "email", ["dana@gmail.com", "dana@example.com.evil.net", "dana@sub.example.com"]
)
def test_an_address_outside_the_company_domains_is_refused(client, open_signup, email, mailoutbox):
    response = sign_up(client, email=email)

    assert "Only company addresses (@example.com or @example.org) can sign up" in text(response)
    assert not User.objects.filter(username="dana").exists()
    assert mailoutbox == []


def test_an_address_that_already_has_an_account_is_refused(client, open_signup, alice):
    response = sign_up(client, email="Alice@example.com")

    assert "Someone already has an account with this email address" in text(response)
    assert User.objects.filter(email__iexact="alice@example.com").count() == 1


def test_a_weak_password_is_refused(client, open_signup):
    response = sign_up(client, password="dana")

    assert "This password is too short" in text(response)
    assert not User.objects.filter(username="dana").exists()


def test_a_signed_in_person_is_sent_home(client, open_signup, alice):
    client.force_login(alice)

    assert client.get("/accounts/signup/")["Location"] == "/"


def test_the_editor_group_is_where_signups_go(client, open_signup, mailoutbox):
    sign_up(client)

    assert role_group(Role.EDITOR).user_set.filter(username="dana").exists()
