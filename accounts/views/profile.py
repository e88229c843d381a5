"""Your own account: profile, avatar, signed-in sessions."""

import re

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import sessions
from accounts.forms import ProfileForm
from accounts.models import AVATAR_FOLDER, User

# What accounts.avatars names files: anything else (a path, another extension) isn't one.
AVATAR_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}\.webp")


@require_http_methods(["GET", "POST"])
def edit_profile(request):
    # A copy: a refused form mustn't change the name the header shows.
    me = User.objects.get(pk=request.user.pk)
    old_avatar = me.avatar.name
    form = ProfileForm(request.POST or None, request.FILES or None, instance=me)
    if form.is_valid():
        me = form.save()
        if old_avatar and old_avatar != me.avatar.name:
            default_storage.delete(old_avatar)
        messages.success(request, "Your profile is updated.")
        return redirect("profile_edit")
    return render(request, "accounts/profile_edit.html", {"form": form})


@require_GET
def avatar(request, name):
    """Avatars are served by Lore itself (signed-in people only, no media server to set up).
    Each upload gets a new random name, so browsers may cache one for good."""
    path = f"{AVATAR_FOLDER}/{name}"
    if not AVATAR_NAME.fullmatch(name) or not default_storage.exists(path):
        raise Http404("No such avatar.")
    response = FileResponse(default_storage.open(path), content_type="image/webp")
    response["Cache-Control"] = "private, max-age=31536000, immutable"
    return response


@require_GET
def session_list(request):
    context = {
        "sessions": list(sessions.active_for(request.user)),
        "current_key": request.session.session_key,
    }
    return render(request, "accounts/sessions.html", context)


@require_POST
def end_other_sessions(request):
    ended = sessions.end_other_sessions(request.user, request.session.session_key)
    if ended:
        messages.success(request, f"Signed out of {ended} other session{'s' * (ended != 1)}.")
    else:
        messages.info(request, "You weren't signed in anywhere else.")
    return redirect("sessions")
