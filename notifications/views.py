from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from notifications import services
from notifications.emails import user_id_from_token
from notifications.forms import FollowForm, MarkReadForm, NotificationSettingsForm
from notifications.models import Notification, NotificationSettings

PER_PAGE = 30


def _safe_next(request, url, fallback):
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback


@require_GET
def notification_list(request):
    notifications = (
        Notification.objects.filter(recipient=request.user)
        .readable_by(request.user)
        .select_related("actor", "article")
        .only(
            "id", "kind", "url", "summary", "count", "updated_at", "read_at",
            "actor__username", "actor__display_name", "actor__first_name",
            "actor__last_name", "article__title", "article__path",
        )
    )  # fmt: skip
    page_obj = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page_obj, "notifications": page_obj.object_list}
    return render(request, "notifications/list.html", context)


@require_GET
def open_notification(request, pk):
    """Follow a notification's link, marking it read on the way."""
    notification = get_object_or_404(
        Notification.objects.readable_by(request.user), pk=pk, recipient=request.user
    )
    if notification.read_at is None:
        services.mark_read(user=request.user, notification_ids=[notification.pk])
    return redirect(_safe_next(request, notification.url, "notifications:list"))


@require_POST
def mark_read(request):
    form = MarkReadForm(request.POST)
    if not form.is_valid():
        raise Http404("No such notification.")
    one = form.cleaned_data["notification"]
    marked = services.mark_read(user=request.user, notification_ids=[one] if one else None)
    if not one:
        messages.success(request, f"Marked {marked} notification{'s' * (marked != 1)} as read.")
    return redirect(_safe_next(request, request.POST.get("next"), "notifications:list"))


@require_POST
def follow(request):
    form = FollowForm(request.POST, user=request.user)
    if not form.is_valid():
        raise Http404("That article doesn't exist or you can't see it.")
    article = form.cleaned_data["article"]
    if form.cleaned_data["follow"]:
        services.follow(user=request.user, article=article)
        messages.success(request, f"You're following “{article.title}” and everything under it.")
    else:
        services.unfollow(user=request.user, article=article)
        messages.success(request, f"You no longer follow “{article.title}”.")
    return redirect(_safe_next(request, form.cleaned_data["next"], article.get_absolute_url()))


@require_http_methods(["GET", "POST"])
def settings(request):
    current = NotificationSettings.for_user(request.user)
    form = NotificationSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your notification settings are saved.")
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


@csrf_exempt  # the signed token is the credential; mail clients POST here (RFC 8058)
@login_not_required
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click from an email: no more email, no sign-in needed, then a confirmation."""
    user_id = user_id_from_token(token)
    user = get_object_or_404(get_user_model(), pk=user_id) if user_id else None
    if user is None:
        raise Http404("This unsubscribe link is broken; change email in your settings.")
    NotificationSettings.objects.update_or_create(
        user=user, defaults={"email": NotificationSettings.Email.NONE}
    )
    context = {"person": user, "when": timezone.now()}
    return render(request, "notifications/unsubscribed.html", context)
