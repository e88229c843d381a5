"""Single sign-on through OpenID Connect: off by default; when configured, a fake provider's
discovery, token and userinfo endpoints drive allauth's real login and callback views."""

import html
import importlib
import json
import time
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.urls import NoReverseMatch, clear_url_caches, reverse

import kb.urls
from accounts.models import Role, User
from kb.settings import oidc_providers
from tests.conftest import make_user

ISSUER = "https://id.acme.test"
CLIENT_ID = "lore-wiki"
SECRET = "s3cret"


class FakeProvider:
    """An OpenID Connect provider answering allauth's HTTP calls, with the claims it vouches for."""

    def __init__(self):
        self.claims = {
            "sub": "acme-123",
            "email": "carol@acme.test",
            "email_verified": True,
            "name": "Carol Chen",
            "preferred_username": "carol",
        }
        self.calls = []

    def discovery(self):
        return {
            "issuer": ISSUER,
            "authorization_endpoint": f"{ISSUER}/authorize",
            "token_endpoint": f"{ISSUER}/token",
            "userinfo_endpoint": f"{ISSUER}/userinfo",
            "jwks_uri": f"{ISSUER}/jwks",
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
        }

    def id_token(self):
        now = int(time.time())
        payload = {
            **self.claims,
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
        }
        return jwt.encode(payload, "a-provider-signing-key-of-32-bytes-or-more", algorithm="HS256")

    def request(self, session, method, url, **kwargs):
        self.calls.append((method, url, kwargs))
        answers = {
            f"{ISSUER}/.well-known/openid-configuration": self.discovery,
            f"{ISSUER}/token": lambda: {
                "access_token": "access-1",
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": self.id_token(),
            },
            f"{ISSUER}/userinfo": lambda: self.claims,
        }
        response = requests.Response()
        response.url = url
        if url in answers:
            response.status_code = 200
            response._content = json.dumps(answers[url]()).encode()
            response.headers["content-type"] = "application/json"
        else:
            response.status_code = 404
            response._content = b"{}"
        return response


def reload_urls():
    importlib.reload(kb.urls)
    clear_url_caches()


@pytest.fixture
def provider(settings, db):
    """Single sign-on configured (as the LORE_OIDC_* variables would) against a fake provider."""
    settings.LORE_OIDC_ENABLED = True
    settings.LORE_OIDC_SERVER_URL = ISSUER
    settings.LORE_OIDC_PROVIDER_NAME = "Acme ID"
    settings.LORE_OIDC_ALLOWED_DOMAINS = ["acme.test"]
    settings.LORE_OIDC_CREATE_ACCOUNTS = True
    settings.LORE_OIDC_TRUST_EMAIL = False
    settings.SOCIALACCOUNT_PROVIDERS = oidc_providers(
        True, server_url=ISSUER, name="Acme ID", client_id=CLIENT_ID, secret=SECRET
    )
    reload_urls()
    fake = FakeProvider()
    with mock.patch.object(requests.Session, "request", autospec=True, side_effect=fake.request):
        yield fake
    settings.LORE_OIDC_ENABLED = False
    reload_urls()


def sign_in_through_provider(client, next_url=""):
    """Press "Sign in with Acme ID", then come back from the provider with a code."""
    start = client.post(reverse("openid_connect_login", args=["oidc"]), {"next": next_url})
    assert start.status_code == 302
    authorize = urlsplit(start["Location"])
    assert f"{authorize.scheme}://{authorize.netloc}{authorize.path}" == f"{ISSUER}/authorize"
    query = parse_qs(authorize.query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["code_challenge_method"] == ["S256"]
    return client.get(
        reverse("openid_connect_callback", args=["oidc"]),
        {"code": "code-from-provider", "state": query["state"][0]},
    )


def person(username, email, **extra):
    user = make_user(username, **extra)
    User.objects.filter(pk=user.pk).update(email=email)
    user.refresh_from_db()
    return user


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def errors_shown(client):
    return html.unescape(client.get(reverse("login")).content.decode())


# --- Off by default ------------------------------------------------------------------------


def test_without_configuration_there_is_no_button_and_no_sso_address(client, db, settings):
    assert settings.LORE_OIDC_ENABLED is False
    assert settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"] == []

    page = client.get(reverse("login")).content.decode()

    assert "Sign in with" not in page
    with pytest.raises(NoReverseMatch):
        reverse("openid_connect_login", args=["oidc"])
    assert client.get("/accounts/sso/oidc/login/").status_code == 404
    assert client.post("/accounts/sso/oidc/login/callback/").status_code == 404


def test_a_server_url_without_client_credentials_is_refused_at_start_up(tmp_path):
    import subprocess
    import sys

    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "1",
        "LORE_OIDC_SERVER_URL": ISSUER,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import kb.settings"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "LORE_OIDC_CLIENT_ID and LORE_OIDC_CLIENT_SECRET must be set" in result.stderr


# --- Signing in ----------------------------------------------------------------------------


def test_the_sign_in_page_offers_the_provider_and_keeps_the_password_form(client, provider):
    page = client.get(reverse("login")).content.decode()

    assert "Sign in with Acme ID" in page
    assert 'action="/accounts/sso/oidc/login/"' in page
    assert 'name="password"' in page


def test_the_sso_pages_are_reachable_signed_out(client, provider):
    response = client.get(reverse("openid_connect_login", args=["oidc"]))

    assert response.status_code == 200  # a confirmation button: GET never starts the flow
    assert "Continue to Acme ID" in response.content.decode()
    assert provider.calls == []


def test_a_first_sign_in_creates_an_employee_who_is_an_editor(client, provider):
    response = sign_in_through_provider(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("articles:home")
    carol = signed_in_user(client)
    assert carol.username == "carol"
    assert carol.email == "carol@acme.test"
    assert carol.display_name == "Carol Chen"
    assert carol.is_guest is False
    assert list(carol.groups.values_list("name", flat=True)) == [Role.EDITOR]
    assert not carol.has_usable_password()
    assert SocialAccount.objects.get(user=carol).uid == "acme-123"
    # The code was exchanged with the client secret and the PKCE verifier.
    token_call = next(call for call in provider.calls if call[1] == f"{ISSUER}/token")
    assert token_call[2]["data"]["client_secret"] == SECRET
    assert token_call[2]["data"]["code_verifier"]
    # The session works like a password sign-in: pages open, and it is listed.
    assert client.get(reverse("articles:home")).status_code == 200
    assert client.get(reverse("sessions")).status_code == 200


def test_signing_in_again_uses_the_same_account(client, provider):
    sign_in_through_provider(client)
    first = signed_in_user(client)
    client.logout()

    sign_in_through_provider(client)

    assert signed_in_user(client) == first
    assert User.objects.count() == 1


def test_it_returns_to_the_page_asked_for(client, provider):
    response = sign_in_through_provider(client, next_url="/recent/")

    assert response["Location"] == "/recent/"


def test_it_never_returns_to_another_site(client, provider):
    response = sign_in_through_provider(client, next_url="https://evil.test/")

    assert response["Location"] == reverse("articles:home")


def test_an_existing_account_is_linked_by_verified_email(client, provider, db):
    carla = person("carla", "Carol@Acme.test", is_guest=True)

    sign_in_through_provider(client)

    assert signed_in_user(client) == carla
    assert signed_in_user(client).is_guest  # linking changes nothing about the account
    assert User.objects.count() == 1
    assert SocialAccount.objects.get(uid="acme-123").user == carla


def test_an_unverified_email_neither_links_nor_creates(client, provider, db):
    carla = person("carla", "carol@acme.test")
    provider.claims["email_verified"] = False

    sign_in_through_provider(client)

    assert signed_in_user(client) is None
    assert not SocialAccount.objects.exists()
    assert User.objects.get() == carla
    assert "didn't confirm an email address" in errors_shown(client)


def test_trusting_the_provider_accepts_an_address_without_the_claim(client, provider, settings):
    settings.LORE_OIDC_TRUST_EMAIL = True
    del provider.claims["email_verified"]

    sign_in_through_provider(client)

    assert signed_in_user(client).email == "carol@acme.test"


def test_an_address_outside_the_allowed_domains_is_refused(client, provider):
    provider.claims["email"] = "carol@elsewhere.test"

    response = sign_in_through_provider(client)

    assert response["Location"] == reverse("login")
    assert signed_in_user(client) is None
    assert not User.objects.exists()
    assert "carol@elsewhere.test isn" in errors_shown(client)


def test_without_account_creation_only_existing_people_get_in(client, provider, settings, db):
    settings.LORE_OIDC_CREATE_ACCOUNTS = False

    sign_in_through_provider(client)

    assert signed_in_user(client) is None
    assert not User.objects.exists()
    assert "Ask a colleague for an invitation" in errors_shown(client)

    carla = person("carla", "carol@acme.test")
    sign_in_through_provider(client)
    assert signed_in_user(client) == carla


def test_a_deactivated_account_cannot_sign_in_through_sso(client, provider, db):
    carla = person("carla", "carol@acme.test", is_active=False)

    sign_in_through_provider(client)

    assert signed_in_user(client) is None
    assert not SocialAccount.objects.exists()
    assert "deactivated" in errors_shown(client)
    assert User.objects.get() == carla


def test_a_linked_account_deactivated_later_is_refused_too(client, provider):
    sign_in_through_provider(client)
    carol = signed_in_user(client)
    client.logout()
    User.objects.filter(pk=carol.pk).update(is_active=False)

    sign_in_through_provider(client)

    assert signed_in_user(client) is None
    assert "deactivated" in errors_shown(client)


def test_a_cancelled_sign_in_goes_back_to_the_sign_in_page_with_a_message(client, provider):
    start = client.post(reverse("openid_connect_login", args=["oidc"]))
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]

    response = client.get(
        reverse("openid_connect_callback", args=["oidc"]),
        {"error": "access_denied", "state": state},
    )

    assert response["Location"] == reverse("login")
    assert "Signing in with Acme ID didn" in errors_shown(client)
    assert signed_in_user(client) is None


def test_a_forged_callback_without_our_state_signs_nobody_in(client, provider):
    response = client.get(
        reverse("openid_connect_callback", args=["oidc"]),
        {"code": "stolen", "state": "made-up"},
    )

    assert response["Location"] == reverse("login")
    assert signed_in_user(client) is None
    assert not User.objects.exists()
