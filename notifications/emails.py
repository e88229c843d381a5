"""The emails: one per notification (immediate) or one digest a day, each with a one-click
unsubscribe link that works without signing in."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_token(user):
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def user_id_from_token(token):
    """The user id a token was made for, or None if it was tampered with."""
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _message(user, *, subject, template, context):
    unsubscribe = absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user)]))
    context = {
        **context,
        "user": user,
        "site_name": settings.SITE_NAME,
        "unsubscribe_url": unsubscribe,
        "settings_url": absolute(reverse("notifications:settings")),
        "list_url": absolute(reverse("notifications:list")),
    }
    message = EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    return message


def notification_email(notification):
    user = notification.recipient
    link = absolute(reverse("notifications:open", args=[notification.pk]))
    return _message(
        user,
        subject=notification.summary,
        template="notification",
        context={"notification": notification, "link": link},
    )


def digest_email(user, notifications):
    items = [(n, absolute(reverse("notifications:open", args=[n.pk]))) for n in notifications]
    count = len(items)
    subject = f"{count} notification{'s' if count != 1 else ''} for you"
    return _message(user, subject=subject, template="digest", context={"items": items})
