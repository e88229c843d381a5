"""Where someone is signed in: one ``UserSession`` row per session, kept beside the session
store, so they can see their devices and sign the others out."""

from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.models import UserSession

# "Last active" is exact to this much: the row is written at most once per interval per session.
SEEN_EVERY = timedelta(minutes=5)


def _seen_key(session_key):
    return f"lore:session-seen:{session_key}"


def _store(session_key):
    from django.conf import settings

    return import_string(f"{settings.SESSION_ENGINE}.SessionStore")(session_key)


def record_sign_in(request, user):
    key = request.session.session_key
    if not key:
        return
    now = timezone.now()
    UserSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
            "ip_address": get_client_ip_address(request),
            "created_at": now,
            "last_seen": now,
        },
    )
    cache.set(_seen_key(key), 1, SEEN_EVERY.total_seconds())
    # Sessions that expired or were flushed elsewhere leave rows behind: tidy this user's.
    UserSession.objects.filter(user=user).exclude(session_key__in=_live_keys(user)).delete()


def touch(request):
    """Note that the session is in use; costs one cache call, and a write every SEEN_EVERY."""
    key = request.session.session_key
    if not key or not cache.add(_seen_key(key), 1, SEEN_EVERY.total_seconds()):
        return
    updated = UserSession.objects.filter(session_key=key).update(last_seen=timezone.now())
    if not updated:  # a session from before this was recorded
        record_sign_in(request, request.user)


def forget(session_key):
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()
        cache.delete(_seen_key(session_key))


def _live_keys(user):
    return (
        Session.objects.filter(expire_date__gt=timezone.now())
        .filter(session_key__in=UserSession.objects.filter(user=user).values("session_key"))
        .values("session_key")
    )


def active_for(user):
    """The user's sessions that can still be used, most recently active first."""
    return UserSession.objects.filter(user=user, session_key__in=_live_keys(user))


def end_other_sessions(user, current_key):
    """Sign ``user`` out everywhere but the current session; returns how many ended."""
    others = list(
        UserSession.objects.filter(user=user)
        .exclude(session_key=current_key)
        .values_list("session_key", flat=True)
    )
    return _end(others)


def end_all_sessions(user):
    return _end(list(UserSession.objects.filter(user=user).values_list("session_key", flat=True)))


def end_session(key):
    _store(key).delete()  # the cache and the database copy
    forget(key)


def _end(keys):
    for key in keys:
        end_session(key)
    return len(keys)
