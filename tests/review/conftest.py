"""People and helpers for the review tests: an owner (alice, who writes the articles), a reader
(bob), a moderator (moira) and an outsider who may not read the restricted section."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Role, role_group
from review import services
from review.models import ArticleReview
from tests.conftest import make_user, restrict_reading


@pytest.fixture
def moderator(db):
    user = make_user("moira", first_name="Moira", last_name="Mod")
    user.groups.add(role_group(Role.MODERATOR))
    return user


@pytest.fixture
def carol(db):
    return make_user("carol", first_name="Carol", last_name="Cole")


@pytest.fixture
def docs_team(db, carol):
    team = Group.objects.create(name="Docs")
    carol.groups.add(team)
    return team


def review_of(article):
    return ArticleReview.objects.get(pk=article.pk)


@pytest.fixture
def set_review():
    """set_review(article, interval_days=30, users=[...], groups=[...], by=...)"""

    def apply(article, *, interval_days=None, users=None, groups=(), by=None):
        review = review_of(article)
        if users is None:
            users = list(review.owner_users.all())
        return services.change_settings(
            article=article,
            users=users,
            groups=list(groups),
            interval_days=interval_days,
            by=by,
        )

    return apply


def make_overdue(article, *, days=10, interval=30):
    """Pretend the article was last verified long enough ago to be ``days`` overdue."""
    review = review_of(article)
    review.last_verified_at = timezone.now() - timedelta(days=interval + days)
    review.effective_interval_days = review.effective_interval_days or interval
    review.due_at = review.computed_due_at()
    review.save()
    services.forget_overdue()
    return review


def text_of(response):
    """The page's text without tags, whitespace collapsed (for reading sentences)."""
    import html as html_module
    import re

    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = html_module.unescape(re.sub(r"<[^>]+>", " ", html))
    return " ".join(text.split()).replace(" ,", ",").replace(" .", ".")


@pytest.fixture
def restricted(make_article, alice):
    """A section only Alice may read."""
    secret = make_article("Secret plans", body="Top secret.\n")
    restrict_reading(secret, users=[alice])
    secret.refresh_from_db()
    return secret
