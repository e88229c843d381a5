"""The people directory and profile pages. Everything a profile lists about someone's work is
filtered by what the viewer may read."""

from django.core.paginator import Paginator
from django.db.models import Value
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, Trim
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.forms import PeopleSearchForm
from accounts.models import User
from articles import access
from articles.feeds import recent_changes
from articles.fragments import plain_sidebar_html
from articles.models import Article
from discussion.models import Comment
from notifications.services import follows_visible_to

PEOPLE_PER_PAGE = 30
ACTIVITY_SHOWN = 20
CARD_FIELDS = (
    "username",
    "display_name",
    "first_name",
    "last_name",
    "job_title",
    "team",
    "avatar",
    "is_guest",
    "is_active",
)

# User.name in SQL: the display name, else the full name, else the username.
SORT_NAME = Coalesce(
    NullIf("display_name", Value("")),
    NullIf(Trim(Concat("first_name", Value(" "), "last_name")), Value("")),
    "username",
)


def _is_guest(user):
    return access.access_for(user).is_guest


@require_GET
def directory(request):
    # Guests work in their sections only: the company's who's who isn't for them.
    if _is_guest(request.user):
        raise Http404("Guests can't browse the directory.")
    search = PeopleSearchForm(request.GET)
    people = search.filter(User.objects.filter(is_active=True)).only(*CARD_FIELDS)
    people = people.order_by(Lower(SORT_NAME), "username")
    page_obj = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "search": search,
        "page_obj": page_obj,
        "people": page_obj.object_list,
        "can_invite": access.access_for(request.user).is_moderator,
        "sidebar_html": plain_sidebar_html(request.user),
    }
    return render(request, "accounts/directory.html", context)


@require_GET
def profile(request, username):
    people = User.objects.only(*CARD_FIELDS, "bio", "date_joined")
    person = get_object_or_404(people, username=username)
    if _is_guest(request.user) and person.pk != request.user.pk:
        raise Http404("Guests see only their own profile.")
    created = (
        Article.objects.visible_to(request.user)
        .filter(created_by=person)
        .only("title", "path", "created_at")
        .order_by("-created_at", "-pk")
    )
    comments = (
        Comment.objects.visible_to(request.user)
        .shown()
        .filter(author=person)
        .select_related("article")
        .only("body", "created_at", "article__title", "article__path")
        .order_by("-created_at", "-pk")
    )
    context = {
        "person": person,
        "is_me": person.pk == request.user.pk,
        "edits": list(recent_changes(request.user).filter(revision__user=person)[:ACTIVITY_SHOWN]),
        "created": list(created[:ACTIVITY_SHOWN]),
        "comments": list(comments[:ACTIVITY_SHOWN]),
        "follows": list(follows_visible_to(person, request.user)[:ACTIVITY_SHOWN]),
        "sidebar_html": plain_sidebar_html(request.user),
    }
    return render(request, "accounts/profile.html", context)
