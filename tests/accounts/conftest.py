import pytest
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse

from accounts.models import Role
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _people_urls(settings):
    try:
        reverse("people:directory")
    except NoReverseMatch:
        settings.ROOT_URLCONF = "tests.accounts.urls"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def moderator(db):
    """Mona moderates."""
    user = make_user("mona", display_name="Mona M.")
    user.groups.add(Group.objects.get(name=Role.MODERATOR))
    return user


@pytest.fixture
def guest(db):
    """Gus, a contractor."""
    return make_user("gus", display_name="Gus G.", is_guest=True)
