"""People and a helper for the discussion tests."""

import pytest

from accounts.models import Role, role_group
from discussion import services
from tests.conftest import make_user


@pytest.fixture
def moderator(db):
    person = make_user("moira", display_name="Moira M.")
    person.groups.add(role_group(Role.MODERATOR))
    return person


@pytest.fixture
def reader(db):
    """Reads and comments, but edits nothing."""
    person = make_user("rudi")
    person.groups.add(role_group(Role.READER))
    return person


@pytest.fixture
def article(make_article):
    return make_article("Deploying", body="# Deploying\n\nRun `make deploy`.\n")


@pytest.fixture
def comment_on():
    """comment_on(article, author, "text", reply_to=None) through the real service."""

    def post(article, author, body="A question.", reply_to=None):
        comment, _unknown = services.post_comment(
            article=article, author=author, body=body, reply_to=reply_to
        )
        return comment

    return post
