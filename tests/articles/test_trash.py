"""The trash: what was deleted, by whom, restoring it (moderators, administrators and whoever
deleted it), and (administrators) deleting for good."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import Role, role_group
from articles import services
from articles.models import Article
from tests.conftest import make_user


@pytest.fixture
def signed_in(client, alice):
    """Alice, who deleted "Runbooks" (see ``trashed``)."""
    client.force_login(alice)
    return client


@pytest.fixture
def moderator(db):
    user = make_user("mona", display_name="Mona M.")
    user.groups.add(role_group(Role.MODERATOR))
    return user


@pytest.fixture
def trashed(make_article, alice):
    """ "Runbooks" (with two sub-articles) in the trash, deleted by Alice."""
    ops = make_article("Operations")
    runbooks = make_article("Runbooks", parent=ops)
    make_article("Disk full", parent=runbooks)
    make_article("Pager", parent=runbooks)
    return services.trash_article(article=runbooks, author=alice)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_anonymous_visitors_are_sent_to_sign_in(client, trashed):
    for response in [
        client.get(reverse("articles:trash")),
        client.post(reverse("articles:restore", args=[trashed.pk])),
        client.post(reverse("articles:purge", args=[trashed.pk])),
    ]:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert Article.objects.get(pk=trashed.pk).is_deleted


def test_it_lists_what_was_deleted_where_from_by_whom_and_with_what(signed_in, trashed):
    response = signed_in.get(reverse("articles:trash"))

    assert response.status_code == 200
    (entry,) = response.context["trashed"]
    assert entry == trashed
    assert entry.batch_size == 3
    text = response.text
    assert "/operations/runbooks/" in text
    assert "by Alice A." in text
    assert "2 sub-articles" in text
    # The sub-articles went with it: they are not entries of their own.
    assert "Disk full" not in text


def test_an_empty_trash_says_so(signed_in, section):
    response = signed_in.get(reverse("articles:trash"))

    assert "The trash is empty." in response.text


def test_restoring_brings_back_the_whole_subtree_where_it_was(signed_in, trashed):
    response = signed_in.post(reverse("articles:restore", args=[trashed.pk]))

    assert response.status_code == 302
    assert response.url == "/wiki/operations/runbooks/"
    assert messages_of(response) == ["“Runbooks” is back where it was."]
    assert Article.objects.live().filter(path__startswith="operations/runbooks").count() == 3
    assert not signed_in.get(reverse("articles:trash")).context["trashed"]


def test_restored_articles_are_back_in_the_tree_and_recent_changes(signed_in, trashed):
    signed_in.post(reverse("articles:restore", args=[trashed.pk]))

    tree = signed_in.get(reverse("articles:tree_children", args=[trashed.parent_id]))
    recent = signed_in.get(reverse("articles:recent"))

    assert "Runbooks" in tree.text
    assert ("Runbooks", "restore") in [(c.article.title, c.kind) for c in recent.context["changes"]]


def test_restoring_is_refused_while_its_parent_is_in_the_trash(signed_in, trashed, alice):
    services.restore_article(article=trashed, author=alice)
    services.trash_article(article=Article.objects.get(title="Disk full"), author=alice)
    services.trash_article(article=Article.objects.get(title="Runbooks"), author=alice)
    disk_full = Article.objects.get(title="Disk full")

    response = signed_in.post(reverse("articles:restore", args=[disk_full.pk]))

    assert response.status_code == 302
    assert response.url == reverse("articles:trash")
    assert messages_of(response) == [
        "It was under “Runbooks”, which is in the trash too. Restore that first."
    ]
    assert Article.objects.get(pk=disk_full.pk).is_deleted


def test_restoring_is_refused_when_its_address_was_taken(signed_in, trashed, make_article):
    make_article("Runbooks", parent=trashed.parent)

    response = signed_in.post(reverse("articles:restore", args=[trashed.pk]), follow=True)

    assert "now lives at /operations/runbooks/" in response.text
    assert Article.objects.get(pk=trashed.pk).is_deleted


def test_restoring_needs_a_post(signed_in, trashed):
    response = signed_in.get(reverse("articles:restore", args=[trashed.pk]))

    assert response.status_code == 405
    assert Article.objects.get(pk=trashed.pk).is_deleted


def test_only_entries_of_the_trash_can_be_restored(signed_in, trashed, section):
    sub_article = Article.objects.get(title="Pager")  # trashed, but with its parent

    assert signed_in.post(reverse("articles:restore", args=[section.pk])).status_code == 404
    assert signed_in.post(reverse("articles:restore", args=[sub_article.pk])).status_code == 404
    assert signed_in.post(reverse("articles:restore", args=[999_999])).status_code == 404


def test_an_editor_may_undo_their_own_deletion_but_not_someone_elses(client, trashed, alice, bob):
    restore_url = reverse("articles:restore", args=[trashed.pk])
    client.force_login(bob)

    page = client.get(reverse("articles:trash"))
    response = client.post(restore_url)

    assert restore_url not in page.text
    assert "You can restore what you deleted yourself" in page.text
    assert response.status_code == 403
    assert "the person who deleted it" in response.text
    assert Article.objects.get(pk=trashed.pk).is_deleted

    client.force_login(alice)
    assert restore_url in client.get(reverse("articles:trash")).text
    assert client.post(restore_url).status_code == 302
    assert not Article.objects.get(pk=trashed.pk).is_deleted


def test_a_moderator_restores_what_anyone_deleted(client, trashed, moderator):
    client.force_login(moderator)
    page = client.get(reverse("articles:trash"))

    response = client.post(reverse("articles:restore", args=[trashed.pk]))

    assert reverse("articles:restore", args=[trashed.pk]) in page.text
    assert "You can restore what you deleted yourself" not in page.text
    assert response.status_code == 302
    assert not Article.objects.get(pk=trashed.pk).is_deleted


def test_an_administrator_restores_what_anyone_deleted(client, trashed, admin):
    client.force_login(admin)

    assert client.post(reverse("articles:restore", args=[trashed.pk])).status_code == 302
    assert not Article.objects.get(pk=trashed.pk).is_deleted


def test_someone_who_may_no_longer_edit_cannot_undo_their_deletion(client, trashed, alice):
    alice.groups.add(role_group(Role.READER))
    client.force_login(alice)

    page = client.get(reverse("articles:trash"))
    response = client.post(reverse("articles:restore", args=[trashed.pk]))

    assert page.status_code == 200
    assert reverse("articles:restore", args=[trashed.pk]) not in page.text
    assert response.status_code == 403
    assert Article.objects.get(pk=trashed.pk).is_deleted


def test_only_administrators_see_delete_for_good(client, trashed, bob, admin):
    purge_url = reverse("articles:purge", args=[trashed.pk])
    client.force_login(bob)
    assert purge_url not in client.get(reverse("articles:trash")).text

    client.force_login(admin)
    assert purge_url in client.get(reverse("articles:trash")).text


def test_others_may_not_delete_for_good(signed_in, trashed):
    for response in [
        signed_in.get(reverse("articles:purge", args=[trashed.pk])),
        signed_in.post(reverse("articles:purge", args=[trashed.pk])),
    ]:
        assert response.status_code == 403
    assert Article.objects.filter(pk=trashed.pk).exists()


def test_deleting_for_good_asks_for_confirmation_first(client, admin, trashed):
    client.force_login(admin)

    response = client.get(reverse("articles:purge", args=[trashed.pk]))

    assert response.status_code == 200
    assert "Delete “Runbooks” for good?" in response.text
    assert "<strong>2 sub-articles</strong>" in response.text
    assert f'<form method="post" action="{reverse("articles:purge", args=[trashed.pk])}"' in (
        response.text
    )
    assert Article.objects.filter(pk=trashed.pk).exists()


def test_an_administrator_deletes_for_good(client, admin, trashed):
    client.force_login(admin)

    response = client.post(reverse("articles:purge", args=[trashed.pk]))

    assert response.status_code == 302
    assert response.url == reverse("articles:trash")
    assert messages_of(response) == ["“Runbooks” was deleted for good."]
    assert not Article.objects.filter(path__startswith="operations/runbooks").exists()
    assert Article.objects.filter(path="operations").exists()


def test_deleting_for_good_leaves_no_stored_version_to_recover(client, admin, trashed, alice):
    from reversion.models import Revision, Version

    services.edit_article(
        article=Article.objects.get(path="operations"),
        base_revision=1,
        title="Operations",
        body="Still here.",
        author=alice,
    )
    purged_ids = [
        str(pk) for pk in trashed.get_descendants(include_self=True).values_list("pk", flat=True)
    ]
    stored = Version.objects.get_for_model(Article)
    assert stored.filter(object_id__in=purged_ids).exists()
    kept_revisions = Revision.objects.exclude(version__object_id__in=purged_ids).count()
    client.force_login(admin)

    client.post(reverse("articles:purge", args=[trashed.pk]))

    assert len(purged_ids) == 3 and not stored.filter(object_id__in=purged_ids).exists()
    assert Revision.objects.count() == kept_revisions  # theirs gone, the others' all kept
    operations = Article.objects.get(path="operations")
    assert stored.filter(object_id=str(operations.pk)).count() == 2  # created, then edited


def test_live_articles_cant_be_deleted_for_good(client, admin, section):
    client.force_login(admin)

    response = client.post(reverse("articles:purge", args=[section.pk]))

    assert response.status_code == 404
    assert Article.objects.filter(pk=section.pk).exists()


def test_the_trash_is_paginated_and_takes_a_fixed_number_of_queries(
    client, admin, make_article, alice, bob, django_assert_max_num_queries
):
    for number in range(55):
        page = make_article(f"Page {number}")
        make_article(f"Child {number}", parent=page)
        services.trash_article(article=page, author=alice if number % 2 else bob)
    client.force_login(admin)
    client.get(reverse("articles:trash"))  # works out access verdicts: once per user, then cached

    with django_assert_max_num_queries(5):
        response = client.get(reverse("articles:trash"))

    assert len(response.context["trashed"]) == 50
    assert response.context["trashed"][0].title == "Page 54"
    second = client.get(reverse("articles:trash"), {"page": 2})
    assert len(second.context["trashed"]) == 5
