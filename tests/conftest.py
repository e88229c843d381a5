"""Named people and small data helpers shared by every test module."""

import pytest
from django.conf import settings

from accounts.models import User
from articles import services

# Real-browser fixtures (browser, make_page, page, signed_in_page, screenshot), defined once
# for the whole suite: two session-wide Playwright instances can't share a worker.
from tests.browser_fixtures import (  # noqa: F401
    browser,
    make_page,
    page,
    screenshot,
    signed_in_page,
)


def pytest_report_header(config):
    return f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    # Each test gets an empty local-memory cache, whatever REDIS_URL says.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tests",
        }
    }
    from django.core.cache import cache

    cache.clear()


def make_user(username, **extra):
    return User.objects.create_user(
        username=username,
        email=f"{username}@example.com",
        password="correct horse battery staple",
        **extra,
    )


def restrict_reading(article, *, users=(), groups=(), author=None):
    """Only ``users`` and members of ``groups`` may read ``article`` (and its subtree); no
    edit limits. ``author`` defaults to the article's creator. Returns the Restriction."""
    return services.set_restriction(
        article=article,
        read_users=list(users),
        read_groups=list(groups),
        edit_users=[],
        edit_groups=[],
        author=author or article.created_by,
    )


@pytest.fixture
def alice(db):
    """An employee who writes a lot."""
    return make_user("alice", first_name="Alice", last_name="Archer", display_name="Alice A.")


@pytest.fixture
def bob(db):
    """Alice's colleague."""
    return make_user("bob", first_name="Bob", last_name="Baker")


@pytest.fixture
def admin(db):
    return make_user("root", is_staff=True, is_superuser=True, display_name="Admin")


@pytest.fixture
def make_article(alice):
    """make_article("Title", body="...", parent=None, author=alice) via the real service."""

    def make(title, body="Some text.\n", parent=None, author=None, slug=""):
        return services.create_article(
            title=title, body=body, parent=parent, author=author or alice, slug=slug
        )

    return make


@pytest.fixture
def section(make_article):
    return make_article("Engineering", body="# Engineering\n\nHow we build things.\n")
