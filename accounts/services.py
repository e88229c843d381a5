"""Every change to who has an account: invitations, self-registration, deactivation.

Each is one transaction; the views only bind forms and call these."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts import sessions
from accounts.models import GuestGrant, Invitation, Role, User, role_group
from articles.access import bump_version


class InvitationUnusable(ValidationError):
    """The invitation can't be accepted (any more): the message says why."""


def create_invitation(*, inviter, email, kind, role=None, sections=()):
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email,
            kind=kind,
            role=role,
            created_by=inviter,
        )
        if kind == Invitation.Kind.GUEST:
            invitation.sections.set(sections)
    return invitation


def send_invitation(invitation, *, link):
    context = {
        "invitation": invitation,
        "link": link,
        "inviter": invitation.created_by,
        "sections": list(invitation.sections.only("title").order_by("title")),
        "SITE_NAME": settings.SITE_NAME,
    }
    send_mail(
        subject=render_to_string("accounts/email/invitation_subject.txt", context).strip(),
        message=render_to_string("accounts/email/invitation_body.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def check_usable(invitation):
    if invitation.is_used:
        raise InvitationUnusable(
            "This invitation has already been used to create an account. Sign in instead, "
            "or ask for a new invitation.",
            code="used",
        )
    if invitation.is_expired:
        raise InvitationUnusable(
            "This invitation has expired. Ask the person who invited you for a new one.",
            code="expired",
        )


def accept_invitation(*, invitation, user):
    """Create ``user`` (unsaved, password set) from the invitation, once."""
    with transaction.atomic():
        # Locked, so two tabs submitting the same link can't both create an account.
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        check_usable(invitation)
        user.email = invitation.email
        user.is_guest = invitation.is_guest
        user.save()
        if invitation.is_guest:
            GuestGrant.objects.bulk_create(
                GuestGrant(user=user, article=article, granted_by=invitation.created_by)
                for article in invitation.sections.filter(deleted_at__isnull=True)
            )
        user.groups.add(invitation.role or role_group(Role.EDITOR))
        invitation.accepted_at = timezone.now()
        invitation.accepted_user = user
        invitation.save(update_fields=["accepted_at", "accepted_user"])
    bump_version()
    return user


def revoke_invitation(invitation):
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        expires_at=timezone.now()
    )


# --- Self-registration --------------------------------------------------------------------


class SignupTokenGenerator(PasswordResetTokenGenerator):
    """Links in verification emails: signed, expiring (PASSWORD_RESET_TIMEOUT), and dead once
    the account is active or has ever been signed in to, so an old link can't revive an
    account an administrator deactivated."""

    key_salt = "lore.accounts.SignupTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        last_login = "" if user.last_login is None else user.last_login.replace(microsecond=0)
        return f"{user.pk}{user.password}{user.is_active}{last_login}{timestamp}"


signup_tokens = SignupTokenGenerator()


def signup_open():
    return bool(settings.LORE_SIGNUP_DOMAINS)


def email_domain_allowed(email):
    return email.rsplit("@", 1)[-1].lower() in settings.LORE_SIGNUP_DOMAINS


def register(*, user):
    """Save a self-registered employee (unsaved, password set), inactive until verified."""
    with transaction.atomic():
        user.is_active = False
        user.is_guest = False
        user.save()
        user.groups.add(role_group(Role.EDITOR))
    return user


def send_verification(user, *, link):
    context = {"user": user, "link": link, "SITE_NAME": settings.SITE_NAME}
    send_mail(
        subject=render_to_string("accounts/email/signup_subject.txt", context).strip(),
        message=render_to_string("accounts/email/signup_body.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def activate(user):
    User.objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
    return user


# --- Deactivation --------------------------------------------------------------------------


def deactivate(users):
    """Block sign-in at once. Their articles and history stay, attributed to them."""
    users = list(users)
    User.objects.filter(pk__in=[user.pk for user in users]).update(is_active=False)
    for user in users:
        sessions.end_all_sessions(user)
    bump_version()
    return len(users)
