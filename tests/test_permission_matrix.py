"""Every URL pattern, requested by every kind of person, never leaks a restricted article.

The walk is generic: a new URL pattern is covered automatically, and a pattern whose
arguments this test can't fill makes it fail until a value is added to ``ARGUMENTS``.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import GuestGrant, Role, role_group
from articles import services
from articles.models import Tag
from discussion import services as discussion_services
from tests.conftest import make_user, restrict_reading

SECRET_TITLE = "Quarterly redundancy plan"
SECRET_WORD = "zanzibarquokka"
# Not restricted, but outside the section the guest was let into.
UNGRANTED_TITLE = "Orinoco hangar notes"


def walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns == "admin":
                continue  # the admin is staff-only; tests/articles/test_admin.py covers it
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def fill(route, values):
    """Turn ``wiki/<path:path>/_revision/<int:number>/`` into a URL using ``values``."""
    missing = []

    def replace(match):
        name = match.group(2)
        if name not in values:
            missing.append(name)
            return "x"
        return str(values[name])

    url = "/" + re.sub(r"<(?:(\w+):)?(\w+)>", replace, route)
    url = url.replace("^", "").replace("$", "").replace("\\Z", "")
    return url, missing


@pytest.fixture
def world(db, alice, make_article):
    hr_group = Group.objects.create(name="HR")
    insider = make_user("ingrid")
    insider.groups.add(hr_group)
    public = make_article("Handbook", body="Open to everyone.")
    secret = make_article(
        SECRET_TITLE, body=f"# {SECRET_TITLE}\n\nCodeword {SECRET_WORD}.", author=insider
    )
    services.edit_article(
        article=secret,
        base_revision=1,
        title=SECRET_TITLE,
        body=f"{secret.body}\n\nMore about {SECRET_WORD}.",
        author=insider,
        summary=SECRET_WORD,
        tags=Tag.parse_list(SECRET_WORD),  # a tag only the restricted section carries
    )
    secret.refresh_from_db()
    child = make_article(f"{SECRET_TITLE} details", parent=secret, body=SECRET_WORD, author=insider)
    make_article(UNGRANTED_TITLE, body=f"See [[{SECRET_TITLE}]].")
    restrict_reading(secret, groups=[hr_group])
    trashed = make_article(f"{SECRET_TITLE} draft", parent=secret, body=SECRET_WORD, author=insider)
    services.trash_article(article=trashed, author=insider)
    comment, _ = discussion_services.post_comment(
        article=secret, author=insider, body=f"About {SECRET_WORD}."
    )

    guest = make_user("gwen", is_guest=True)
    GuestGrant.objects.create(user=guest, article=public)
    reader = make_user("rudi")
    reader.groups.add(role_group(Role.READER))
    moderator = make_user("moira")
    moderator.groups.add(role_group(Role.MODERATOR))
    people = {
        "anonymous": None,
        "guest": guest,
        "reader": reader,
        "editor": make_user("eddie"),
        "moderator": moderator,
    }
    values = {
        "path": secret.path,
        "number": 1,
        "pk": trashed.pk,
        "comment_id": comment.pk,
        "username": insider.username,
        "slug": SECRET_WORD,
        # Tokens and file names that don't exist: those views must fail closed.
        "uidb64": "MQ",
        "token": "not-a-real-token",
        "name": "nobody.png",
    }
    return people, values, child


def test_every_url_pattern_hides_a_restricted_section_from_everyone_outside_it(client, world):
    people, values, child = world
    routes = list(walk(get_resolver().url_patterns))
    assert len(routes) > 20
    unfilled = {}
    for route, _pattern in routes:
        url, missing = fill(route, values)
        if missing:
            unfilled[route] = missing
            continue
        for role, person in people.items():
            client.logout()
            if person is not None:
                client.force_login(person)
            for query in (
                "",
                "?q=codeword",
                f"?q={SECRET_WORD[:4]}",  # suggestions as you type
                f"?q=quarterly+redundancy&from=1&to=2&section={values['path']}",
            ):
                response = client.get(url + query)
                body = response.content.decode(errors="replace")
                where = f"{role} GET {url}{query} → {response.status_code}"
                assert response.status_code < 500, where
                assert SECRET_WORD not in body, where
                assert SECRET_TITLE not in body, where
                if role == "guest":
                    assert UNGRANTED_TITLE not in body, where
                if person is None:
                    assert response.status_code in (200, 302, 404, 405, 410), where
            response = client.post(url, {"title": "hijack", "body": "x", "q": "codeword"})
            body = response.content.decode(errors="replace")
            where = f"{role} POST {url} → {response.status_code}"
            assert response.status_code < 500, where
            assert SECRET_WORD not in body and SECRET_TITLE not in body, where
    assert not unfilled, f"add values for these URL arguments: {unfilled}"
    child.refresh_from_db()
    assert child.title == f"{SECRET_TITLE} details"
    assert child.body == SECRET_WORD


def test_insiders_do_see_it(client, world):
    people, values, _child = world
    from accounts.models import User

    client.force_login(User.objects.get(username="ingrid"))
    assert SECRET_WORD in client.get(f"/wiki/{values['path']}/").content.decode()
    assert SECRET_TITLE in client.get(f"/tags/{values['slug']}/").content.decode()
    assert SECRET_WORD in client.get(f"/tags/_suggest/?q={SECRET_WORD[:4]}").content.decode()
