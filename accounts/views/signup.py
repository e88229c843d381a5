"""Self-registration for company email addresses (LORE_SIGNUP_DOMAINS), verified by email."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.views.decorators.http import require_http_methods

from accounts import services
from accounts.forms import SignupForm
from accounts.models import User


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request):
    if not services.signup_open():
        raise Http404("Self-registration is off.")
    if request.user.is_authenticated:
        return redirect("articles:home")
    form = SignupForm(request.POST or None)
    if form.is_valid():
        user = services.register(user=form.save(commit=False))
        services.send_verification(user, link=request.build_absolute_uri(_verify_url(user)))
        return render(request, "accounts/signup_sent.html", {"email": user.email})
    context = {"form": form, "domains": settings.LORE_SIGNUP_DOMAINS}
    return render(request, "accounts/signup.html", context)


def _verify_url(user):
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = services.signup_tokens.make_token(user)
    return reverse("signup_verify", kwargs={"uidb64": uidb64, "token": token})


@login_not_required
@require_http_methods(["GET", "POST"])
def verify(request, uidb64, token):
    """GET shows a button, POST activates: link scanners in mail systems only GET."""
    user = _user_for(uidb64)
    if user is None or not services.signup_tokens.check_token(user, token):
        context = {
            "message": "This verification link is invalid or has expired. Sign up again, "
            "or sign in if you already confirmed your address."
        }
        return render(request, "accounts/invitation_unusable.html", context, status=410)
    if request.method == "POST":
        services.activate(user)
        login(request, user, backend="accounts.backends.UsernameOrEmailBackend")
        messages.success(request, f"Welcome, {user.name}! Your address is confirmed.")
        return redirect("articles:home")
    return render(request, "accounts/signup_verify.html", {"new_user": user})


def _user_for(uidb64):
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    return User.objects.filter(pk=pk, is_active=False).first()
