import pytest

from accounts.models import GuestGrant, Role, role_group
from articles import services as articles
from tests.conftest import make_user, restrict_reading


@pytest.fixture
def carol(db):
    """A third colleague, who follows things."""
    return make_user("carol", first_name="Carol", last_name="Cook")


@pytest.fixture
def guest(db):
    return make_user("gus", is_guest=True)


@pytest.fixture
def restrict():
    """restrict(article, readers=[...], groups=[...]) limits who may read its subtree."""

    def apply(article, readers=(), groups=(), by=None):
        return restrict_reading(article, users=readers, groups=groups, author=by)

    return apply


@pytest.fixture
def grant():
    def apply(user, article):
        return GuestGrant.objects.create(user=user, article=article)

    return apply


@pytest.fixture
def admin_group_member(db):
    user = make_user("ada")
    user.groups.add(role_group(Role.ADMIN))
    return user


@pytest.fixture
def edit(alice):
    """edit(article, body, author=alice): an edit through the real service."""

    def apply(article, body, author=None, title=None):
        from articles.models import Article

        current = Article.objects.get(pk=article.pk)
        return articles.edit_article(
            article=current,
            base_revision=current.revision_number,
            title=title or current.title,
            body=body,
            author=author or alice,
        ).article

    return apply
