from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from articles import access, services
from articles.forms import RestrictionForm
from articles.lookup import article_view
from articles.models import Restriction


@require_http_methods(["GET", "POST"])
@article_view()
def restrict(request, article):
    if not access.access_for(request.user).is_moderator:
        raise PermissionDenied("Only moderators can change who may read or edit an article.")
    current = Restriction.objects.filter(article=article).first()
    initial = {}
    if current is not None:
        initial = {
            "read_groups": current.read_groups.all(),
            "edit_groups": current.edit_groups.all(),
            "read_users": ", ".join(u.username for u in current.read_users.all()),
            "edit_users": ", ".join(u.username for u in current.edit_users.all()),
        }
    form = RestrictionForm(request.POST or None, initial=initial)
    if form.is_valid():
        services.set_restriction(article=article, author=request.user, **form.cleaned_data)
        messages.success(request, "Access to this article and everything under it is updated.")
        return redirect(article)
    inherited = None
    if article.read_root_id and article.read_root_id != article.pk:
        inherited = Restriction.objects.select_related("article").get(article=article.read_root_id)
    context = {"form": form, "article": article, "inherited": inherited}
    return render(request, "articles/restrict.html", context)
