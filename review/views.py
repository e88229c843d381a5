from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from articles.lookup import article_view
from review import health, services
from review.forms import HealthFilter, ReportForm, ReviewSettingsForm, VoteForm


@article_view(select_related=("review",))
def review_settings(request, article):
    if not services.can_manage(request.user, article):
        raise PermissionDenied(
            "Only this article's owners and moderators can change who owns it and how often "
            "it is reviewed."
        )
    state = services.state_of(article)
    initial = {}
    if state is not None:
        initial = {
            "owners": " ".join(user.username for user in state.owner_users.order_by("username")),
            "owner_groups": list(state.owner_groups.all()),
            "interval_days": state.interval_days,
        }
    form = ReviewSettingsForm(request.POST or None, article=article, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_settings(
                article=article,
                users=form.cleaned_data["owners"],
                groups=list(form.cleaned_data["owner_groups"]),
                interval_days=form.cleaned_data["interval_days"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Saved who owns “{article.title}” and when it's reviewed.")
            return redirect(article)
    context = {
        "article": article,
        "form": form,
        "state": state,
        "inherited": services.inherited_by(article),
    }
    return render(request, "review/settings.html", context)


@require_POST
@article_view(select_related=("review",))
def verify(request, article):
    services.verify(article=article, by=request.user)
    messages.success(request, f"Thanks: “{article.title}” is marked as verified today.")
    return redirect(article)


@require_POST
@article_view()
def vote(request, article):
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose Yes or No to say whether this article helped.")
    elif services.vote(article=article, user=request.user, helpful=form.cleaned_data["helpful"]):
        messages.success(request, "Thanks for your feedback.")
    else:
        messages.info(request, "That was already your answer.")
    return redirect(article)


@article_view(select_related=("review",))
def report(request, article):
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_outdated(
                article=article, user=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.info(request, error.messages[0])
        else:
            messages.success(request, "Thanks: the article's owners have been told.")
        return redirect(article)
    return render(request, "review/report.html", {"article": article, "form": form})


@require_GET
def knowledge_health(request):
    if not health.may_see_health(request.user):
        raise PermissionDenied(
            "The knowledge health page is for moderators and for people who own articles."
        )
    filters = HealthFilter(request.GET, user=request.user)
    filters.is_valid()  # A bad section is explained beside the field; the rest still shows.
    report = health.health_report(
        request.user,
        section=filters.cleaned_data.get("section"),
        overdue_page=request.GET.get("overdue_page", 1),
        idle_page=request.GET.get("idle_page", 1),
    )
    return render(request, "review/health.html", {"filters": filters, "report": report})
