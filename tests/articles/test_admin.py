import pytest
from reversion.models import Version

from articles.models import Article


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def test_the_article_changelist_shows_the_tree(admin_client, section, make_article):
    make_article("Guides", parent=section)
    page = admin_client.get("/admin/articles/article/").content.decode()
    assert "Engineering" in page and "Guides" in page


def test_a_drag_and_drop_move_goes_through_the_wiki_service(admin_client, section, make_article):
    guides = make_article("Guides", parent=section)
    ops = make_article("Operations")

    response = admin_client.post(
        "/admin/articles/article/",
        {"cmd": "move_node", "cut_item": guides.pk, "pasted_on": ops.pk, "position": "last-child"},
    )

    assert response.content == b"OK, moved."
    guides.refresh_from_db()
    assert guides.path == "operations/guides"
    assert guides.revisions.first().kind == "move"


def test_a_drag_and_drop_cycle_is_refused(admin_client, section, make_article):
    guides = make_article("Guides", parent=section)
    response = admin_client.post(
        "/admin/articles/article/",
        {
            "cmd": "move_node",
            "cut_item": section.pk,
            "pasted_on": guides.pk,
            "position": "last-child",
        },
    )
    assert response.content == b"FAIL, invalid move."
    assert Article.objects.get(pk=section.pk).parent is None


def test_the_history_view_lists_versions(admin_client, section):
    response = admin_client.get(f"/admin/articles/article/{section.pk}/history/")
    assert response.status_code == 200


def test_revert_from_the_admin_hands_over_to_the_wiki_revert_page(admin_client, section):
    version = Version.objects.get_for_object(section).get()
    response = admin_client.get(f"/admin/articles/article/{section.pk}/history/{version.pk}/")
    assert response.status_code == 302
    assert response.url == "/wiki/engineering/_revert/1/"


def test_recover_deleted_hands_over_to_the_trash(admin_client, db):
    response = admin_client.get("/admin/articles/article/recover/")
    assert response.url == "/wiki/_trash/"


def test_revision_metadata_is_searchable(admin_client, section):
    page = admin_client.get("/admin/articles/articlerevision/?q=engineering")
    assert page.status_code == 200 and b"Engineering" in page.content


def test_a_restriction_saved_in_the_admin_takes_effect(admin_client, section, bob):
    from django.contrib.auth.models import Group

    hr = Group.objects.create(name="HR")
    response = admin_client.post(
        "/admin/articles/restriction/add/",
        {
            "article": section.pk,
            "read_groups": [hr.pk],
            "read_users": [],
            "edit_groups": [],
            "edit_users": [],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Article.objects.visible_to(bob).filter(pk=section.pk).exists()
