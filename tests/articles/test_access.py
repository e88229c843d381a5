"""Restricted sections, roles and guests, enforced through visible_to/editable_by."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import GuestGrant, Role, role_group
from articles import services
from articles.models import Article
from tests.conftest import make_user


@pytest.fixture
def hr_group(db):
    return Group.objects.create(name="HR")


@pytest.fixture
def hr(make_article):
    return make_article("People", body="Salaries live here.")


@pytest.fixture
def carol(hr_group):
    """Works in HR."""
    user = make_user("carol")
    user.groups.add(hr_group)
    return user


@pytest.fixture
def moderator(db):
    user = make_user("mona")
    user.groups.add(role_group(Role.MODERATOR))
    return user


def restrict(article, *, read=(), read_groups=(), edit=(), edit_groups=(), by=None):
    services.set_restriction(
        article=article,
        read_users=list(read),
        read_groups=list(read_groups),
        edit_users=list(edit),
        edit_groups=list(edit_groups),
        author=by or article.created_by,
    )


def test_a_restricted_section_is_a_404_for_others_and_readable_by_its_group(
    client, hr, carol, bob, hr_group, make_article
):
    payroll = make_article("Payroll", parent=hr)
    restrict(hr, read_groups=[hr_group])

    client.force_login(bob)
    assert client.get("/wiki/people/").status_code == 404
    assert client.get("/wiki/people/payroll/").status_code == 404
    assert client.get("/wiki/people/_history/").status_code == 404
    client.force_login(carol)
    assert client.get(payroll.get_absolute_url()).status_code == 200


def test_a_nested_restriction_can_only_tighten(hr, carol, bob, hr_group, make_article):
    payroll = make_article("Payroll", parent=hr)
    restrict(hr, read_groups=[hr_group])
    restrict(payroll, read=[bob])  # bob isn't in HR: he still can't read it

    assert not Article.objects.visible_to(bob).filter(pk=payroll.pk).exists()
    assert not Article.objects.visible_to(carol).filter(pk=payroll.pk).exists()
    assert Article.objects.visible_to(carol).filter(pk=hr.pk).exists()


def test_an_edit_restriction_leaves_reading_open(client, hr, carol, bob, hr_group):
    restrict(hr, edit_groups=[hr_group])

    client.force_login(bob)
    page = client.get("/wiki/people/").content.decode()
    assert "Editable by HR (group)" in page
    assert "/wiki/people/_edit/" not in page
    response = client.get("/wiki/people/_edit/")
    assert response.status_code == 403
    assert "You can read this article but not change it." in response.content.decode()
    client.force_login(carol)
    assert client.get("/wiki/people/_edit/").status_code == 200


def test_readers_can_read_but_not_edit(client, hr, db):
    reader = make_user("rita")
    reader.groups.add(role_group(Role.READER))
    client.force_login(reader)
    assert client.get("/wiki/people/").status_code == 200
    assert client.get("/wiki/people/_edit/").status_code == 403
    assert client.post("/wiki/_new/", {"title": "X", "parent": "people"}).status_code == 403
    assert client.post("/wiki/_new/", {"title": "X", "parent": ""}).status_code == 403
    assert not Article.objects.filter(title="X").exists()


def test_restricted_articles_vanish_from_children_and_backlinks(
    client, hr, bob, carol, hr_group, make_article
):
    secret = make_article("Payroll", parent=hr, body="[[Onboarding]]")
    open_page = make_article("Onboarding")
    restrict(secret, read_groups=[hr_group])

    client.force_login(bob)
    page = client.get(hr.get_absolute_url()).content.decode()
    assert "Payroll" not in page
    page = client.get(open_page.get_absolute_url()).content.decode()
    assert "Payroll" not in page


def test_guests_see_only_their_granted_sections(client, hr, make_article, alice):
    project = make_article("Project Falcon")
    make_article("Design", parent=project)
    guest = make_user("gus", is_guest=True)
    GuestGrant.objects.create(user=guest, article=project, granted_by=alice)

    client.force_login(guest)
    assert client.get("/wiki/project-falcon/design/").status_code == 200
    assert client.get("/wiki/people/").status_code == 404
    home = client.get("/").content.decode()
    assert "People" not in home


def test_only_moderators_manage_restrictions(client, hr, bob, moderator, hr_group):
    client.force_login(bob)
    assert client.get("/wiki/people/_access/").status_code == 403

    client.force_login(moderator)
    response = client.post(
        "/wiki/people/_access/",
        {"read_groups": [hr_group.pk], "read_users": "mona", "edit_users": "", "edit_groups": []},
    )
    assert response.status_code == 302
    hr.refresh_from_db()
    assert hr.read_root_id == hr.pk
    page = client.get("/wiki/people/").content.decode()
    assert "Restricted: readable by HR (group), mona" in page


def test_unknown_usernames_are_refused_clearly(client, hr, moderator):
    client.force_login(moderator)
    response = client.post("/wiki/people/_access/", {"read_users": "nobody, mona"})
    assert "No active account has the username “nobody”." in response.content.decode()


def test_lifting_a_restriction_opens_the_subtree_again(hr, carol, bob, hr_group, make_article):
    payroll = make_article("Payroll", parent=hr)
    restrict(hr, read_groups=[hr_group])
    restrict(hr)
    assert Article.objects.visible_to(bob).filter(pk=payroll.pk).exists()


def test_moving_into_a_restricted_section_hides_the_article(hr, carol, bob, hr_group, make_article):
    note = make_article("Note")
    restrict(hr, read_groups=[hr_group])
    services.move_article(article=note, target=hr, position="last-child", author=carol)
    assert not Article.objects.visible_to(bob).filter(pk=note.pk).exists()
    services.move_article(article=note, target=None, position="last-child", author=carol)
    assert Article.objects.visible_to(bob).filter(pk=note.pk).exists()


def test_new_children_inherit_the_restriction(hr, bob, hr_group, make_article):
    restrict(hr, read_groups=[hr_group])
    child = make_article("Payroll", parent=hr)
    assert child.read_root_id == hr.pk
    assert not Article.objects.visible_to(bob).filter(pk=child.pk).exists()


def test_admins_see_everything(hr, admin, hr_group):
    restrict(hr, read_groups=[hr_group])
    assert Article.objects.visible_to(admin).filter(pk=hr.pk).exists()


def test_an_inactive_user_sees_nothing(hr, bob):
    bob.is_active = False
    assert not Article.objects.visible_to(bob).exists()


def test_the_article_page_costs_the_same_with_many_restrictions(
    client, bob, make_article, django_assert_max_num_queries
):
    groups = [Group.objects.create(name=f"Team {n}") for n in range(30)]
    bob.groups.add(groups[0])
    parent = None
    for level in range(8):
        parent = make_article(f"Level {level}", parent=parent)
        restrict(parent, read_groups=[groups[0], groups[level + 1]])
    for number in range(20):
        section = make_article(f"Other {number}")
        restrict(section, read_groups=[groups[number + 5]])
    client.force_login(bob)
    client.get(parent.get_absolute_url())
    with django_assert_max_num_queries(10):
        assert client.get(parent.get_absolute_url()).status_code == 200


def test_a_request_reads_the_access_version_once(client, hr, bob, monkeypatch):
    from django.core.cache import caches

    from articles import access

    reads = []
    backend = type(caches["default"])
    original = backend.get_or_set

    def counting(self, key, *args, **kwargs):
        if key == access.ACCESS_VERSION_KEY:
            reads.append(key)
        return original(self, key, *args, **kwargs)

    monkeypatch.setattr(backend, "get_or_set", counting)
    client.force_login(bob)
    assert client.get(hr.get_absolute_url()).status_code == 200
    assert len(reads) == 1  # every check on the page asked; the cache was asked once


def test_a_change_within_a_request_is_seen_by_the_rest_of_it(hr, bob, hr_group):
    from articles import access

    access.request_started()
    try:
        assert Article.objects.visible_to(bob).filter(pk=hr.pk).exists()
        restrict(hr, read_groups=[hr_group])
        assert not Article.objects.visible_to(bob).filter(pk=hr.pk).exists()
    finally:
        access.request_finished()


def test_outside_a_request_a_change_elsewhere_is_seen_at_once(hr, bob, hr_group, monkeypatch):
    """A command or the task worker runs for hours: it must not keep an old version."""
    from django.core.cache import cache

    from articles import access

    assert Article.objects.visible_to(bob).filter(pk=hr.pk).exists()
    # Another process restricts the article: its rows change here, its bump comes through the
    # shared cache only.
    monkeypatch.setattr(access, "bump_version", lambda: None)
    restrict(hr, read_groups=[hr_group])
    assert Article.objects.visible_to(bob).filter(pk=hr.pk).exists()  # not bumped yet
    cache.incr(access.ACCESS_VERSION_KEY)
    assert not Article.objects.visible_to(bob).filter(pk=hr.pk).exists()
