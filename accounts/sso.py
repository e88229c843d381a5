"""Single sign-on through OpenID Connect (django-allauth), off unless LORE_OIDC_SERVER_URL is set.

allauth runs only the provider round trip (its ``openid_connect`` login and callback views);
these adapters hold Lore's rules for what happens then:

- someone already linked signs in, unless their account is deactivated;
- someone new is linked by *verified* email to their existing account, or gets a new employee
  account (an Editor) if LORE_OIDC_CREATE_ACCOUNTS allows;
- the address must be in LORE_OIDC_ALLOWED_DOMAINS when that is set;
- every refusal and provider error lands on Lore's sign-in page with a message, never on one of
  allauth's own pages (whose URLs aren't mounted).
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse

from accounts.models import Role, User, role_group

PROVIDER_ID = "oidc"
BACKEND = "accounts.backends.UsernameOrEmailBackend"


def sign_in_button():
    """What the sign-in page needs for its "Sign in with …" button, or None when SSO is off."""
    if not settings.LORE_OIDC_ENABLED:
        return None
    return {
        "name": settings.LORE_OIDC_PROVIDER_NAME,
        "url": reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID}),
    }


def refuse(request, message):
    """Stop the single sign-on flow: back to the sign-in page, saying why."""
    messages.error(request, message)
    raise ImmediateHttpResponse(redirect("login"))


def domain_allowed(email):
    allowed = settings.LORE_OIDC_ALLOWED_DOMAINS
    return not allowed or email.rsplit("@", 1)[-1].lower() in allowed


class AccountAdapter(DefaultAccountAdapter):
    """Only used by the single sign-on flow: Lore's own views handle everything else."""

    def is_open_for_signup(self, request):
        return False  # allauth's own signup pages aren't mounted

    def login(self, request, user):
        # Lore's backend: its get_user() ends the session of a deactivated account at once.
        user.backend = BACKEND
        super().login(request, user)

    def respond_user_inactive(self, request, user):
        refuse(request, "This account has been deactivated. Ask an administrator.")

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        pass  # allauth's messages ("Successfully signed in as …") would read oddly next to ours


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request, sociallogin):
        """Runs before every SSO sign-in, linked or not: check the address, link by email."""
        name = settings.LORE_OIDC_PROVIDER_NAME
        email = self._verified_email(sociallogin)
        if email is None:
            refuse(
                request,
                f"{name} didn't confirm an email address for you, so Lore can't tell "
                "who you are. Sign in with your password, or ask an administrator.",
            )
        if not domain_allowed(email):
            refuse(request, f"{email} isn't an address this wiki accepts through {name}.")
        if sociallogin.is_existing:
            user = sociallogin.user
        else:
            user = User.objects.filter(email__iexact=email).order_by("id").first()
        if user is not None and not user.is_active:
            refuse(request, "This account has been deactivated. Ask an administrator.")
        if user is not None and not sociallogin.is_existing:
            # The provider vouches for this address, so it is this person's account.
            sociallogin.connect(request, user)

    def is_open_for_signup(self, request, sociallogin):
        # Reached only for someone with no account (pre_social_login linked everyone else).
        if not settings.LORE_OIDC_CREATE_ACCOUNTS:
            refuse(
                request,
                "You don't have an account here yet. Ask a colleague for an "
                "invitation; after that you can sign in with "
                f"{settings.LORE_OIDC_PROVIDER_NAME}.",
            )
        return True

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.email = self._verified_email(sociallogin)
        user.display_name = (data.get("name") or "")[:150]
        user.is_guest = False
        return user

    def save_user(self, request, sociallogin, form=None):
        """A first SSO sign-in: a new employee, in the Editor role like self-registration."""
        with transaction.atomic():
            user = super().save_user(request, sociallogin, form)
            user.groups.add(role_group(Role.EDITOR))
        return user

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        """Cancelled at the provider, a bad state, an unreachable provider: say so on Lore's
        sign-in page instead of allauth's error page."""
        refuse(
            request,
            f"Signing in with {settings.LORE_OIDC_PROVIDER_NAME} didn't work. "
            "Try again, or sign in with your password.",
        )

    def _verified_email(self, sociallogin):
        """The first address the provider says is verified (or any, with LORE_OIDC_TRUST_EMAIL),
        lower-cased; None if there is none."""
        for address in sociallogin.email_addresses:
            if address.email and (address.verified or settings.LORE_OIDC_TRUST_EMAIL):
                return address.email.strip().lower()
        return None
