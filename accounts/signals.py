"""Keep cached access verdicts and the signed-in sessions list in step, whoever changes things
(a view, the admin, a shell): group membership, groups, guest grants, sign-in and sign-out."""

from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from accounts import sessions
from accounts.models import GuestGrant, User
from articles.access import bump_version


@receiver(m2m_changed, sender=User.groups.through)
def groups_changed(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        bump_version()


@receiver(post_save, sender=Group)
@receiver(post_delete, sender=Group)
@receiver(post_save, sender=GuestGrant)
@receiver(post_delete, sender=GuestGrant)
def access_rows_changed(sender, **kwargs):
    bump_version()


@receiver(user_logged_in)
def remember_session(sender, request, user, **kwargs):
    sessions.record_sign_in(request, user)


@receiver(user_logged_out)
def forget_session(sender, request, user, **kwargs):
    sessions.forget(request.session.session_key)
