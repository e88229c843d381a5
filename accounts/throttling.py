"""How django-axes counts failed sign-ins and what a locked-out person sees (kb/settings.py).

Axes' backend runs first, so a locked account is refused before its password is hashed.
"""

from django.conf import settings
from django.shortcuts import render

from accounts.models import User

LOCKOUT_STATUS = 429


def attempted_account(request, credentials=None):
    """The key failures are counted under: the account's username when the person typed its
    email address, otherwise what they typed (emails lower-cased), so spelling the same account
    differently doesn't earn more tries."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = request.POST.get("username")
    typed = (typed or "").strip()
    if "@" not in typed:
        return typed
    username = (
        User.objects.filter(email__iexact=typed)
        .order_by("id")
        .values_list("username", flat=True)
        .first()
    )
    return username or typed.lower()


def locked_out(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "accounts/locked_out.html", context, status=LOCKOUT_STATUS)
