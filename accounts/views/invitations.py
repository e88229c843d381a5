"""Inviting people (moderators and admins) and accepting an invitation (anyone with the link)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.forms import InvitationForm, NewAccountForm
from accounts.models import INVITATION_DAYS, Invitation, User
from articles import access
from articles.models import Article

SENT_SHOWN = 25


def moderators_only(view):
    def check(request, *args, **kwargs):
        if not access.access_for(request.user).is_moderator:
            raise PermissionDenied("Only moderators and administrators can invite people.")
        return view(request, *args, **kwargs)

    return check


@require_http_methods(["GET", "POST"])
@moderators_only
def invite(request):
    form = InvitationForm(request.POST or None, inviter=request.user)
    if form.is_valid():
        invitation = services.create_invitation(inviter=request.user, **form.cleaned_data)
        link = request.build_absolute_uri(invitation.get_absolute_url())
        services.send_invitation(invitation, link=link)
        messages.success(
            request,
            f"Invitation sent to {invitation.email}. "
            f"The link works once, for {INVITATION_DAYS} days.",
        )
        return redirect("people:invite")
    context = {"form": form, "invitations": list(_sent_by(request.user)[:SENT_SHOWN])}
    return render(request, "accounts/invite.html", context)


@require_POST
@moderators_only
def revoke(request, pk):
    invitation = get_object_or_404(_sent_by(request.user), pk=pk)
    services.revoke_invitation(invitation)
    messages.success(request, f"The invitation for {invitation.email} no longer works.")
    return redirect("people:invite")


def _sent_by(user):
    """Invitations a moderator sent (an admin sees everyone's), with what they grant."""
    invitations = Invitation.objects.select_related("role", "accepted_user", "created_by")
    if not access.access_for(user).is_admin:
        invitations = invitations.filter(created_by=user)
    visible = Article.objects.visible_to(user).only("title", "path").order_by("title")
    return invitations.prefetch_related(Prefetch("sections", queryset=visible))


@login_not_required
@require_http_methods(["GET", "POST"])
def accept(request, token):
    invitation = Invitation.objects.select_related("created_by", "role").filter(token=token).first()
    if invitation is None:
        return _unusable(
            request,
            "This invitation link isn't valid. Check that you copied all "
            "of it, or ask for a new invitation.",
            status=404,
        )
    try:
        services.check_usable(invitation)
    except services.InvitationUnusable as exc:
        return _unusable(request, exc.messages[0], status=410)
    blank = User(email=invitation.email, is_guest=invitation.is_guest)
    form = NewAccountForm(request.POST or None, instance=blank)
    if form.is_valid():
        try:
            user = services.accept_invitation(invitation=invitation, user=form.save(commit=False))
        except services.InvitationUnusable as exc:
            return _unusable(request, exc.messages[0], status=410)
        login(request, user, backend="accounts.backends.UsernameOrEmailBackend")
        messages.success(request, f"Welcome, {user.name}! Your account is ready.")
        return redirect("articles:home")
    sections = list(invitation.sections.filter(deleted_at__isnull=True).only("title"))
    context = {"form": form, "invitation": invitation, "sections": sections}
    return render(request, "accounts/invitation_accept.html", context)


def _unusable(request, message, *, status):
    context = {"message": message}
    return render(request, "accounts/invitation_unusable.html", context, status=status)
