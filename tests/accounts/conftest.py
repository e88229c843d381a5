import pytest

from accounts.models import Role, role_group
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def moderator(db):
    """Mona moderates."""
    user = make_user("mona", display_name="Mona M.")
    user.groups.add(role_group(Role.MODERATOR))
    return user


@pytest.fixture
def guest(db):
    """Gus, a contractor."""
    return make_user("gus", display_name="Gus G.", is_guest=True)
