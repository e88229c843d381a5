import pytest

from articles import services
from articles.models import Article


@pytest.fixture
def signed_in(client, bob):
    client.force_login(bob)
    return client


def post_edit(client, article, **data):
    payload = {
        "title": article.title,
        "slug": article.slug,
        "body": article.body,
        "summary": "",
        "base_revision": article.revision_number,
        **data,
    }
    return client.post(f"/wiki/{article.path}/_edit/", payload)


def test_the_edit_form_carries_the_base_revision(signed_in, section):
    page = signed_in.get("/wiki/engineering/_edit/").content.decode()
    assert 'name="base_revision" value="1"' in page
    assert "How we build things." in page


def test_saving_an_edit_redirects_to_the_article(signed_in, section):
    response = post_edit(signed_in, section, body="New text\n", summary="Rewrite")
    assert response.status_code == 302 and response.url == "/wiki/engineering/"
    section.refresh_from_db()
    assert section.body == "New text\n" and section.revision_number == 2


def test_crlf_from_browsers_is_stored_as_lf(signed_in, section):
    post_edit(signed_in, section, body="a\r\nb\r\n")
    section.refresh_from_db()
    assert section.body == "a\nb\n"


def test_an_empty_title_is_refused_and_the_text_kept(signed_in, section):
    response = post_edit(signed_in, section, title="", body="My careful text")
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert "My careful text" in response.content.decode()


def test_a_huge_body_is_refused_with_the_text_kept(signed_in, section, settings):
    settings.LORE_MAX_BODY_CHARS = 1000
    response = post_edit(signed_in, section, body="word " * 300)
    page = response.content.decode()
    assert response.status_code == 200 and "the limit is 1,000" in page
    assert "word word word" in page
    section.refresh_from_db()
    assert section.revision_number == 1


def test_a_slug_clash_is_explained(signed_in, section, make_article):
    make_article("Setup", parent=section)
    guides = make_article("Guides", parent=section)
    response = post_edit(signed_in, guides, slug="setup")
    assert "already exists" in response.content.decode()


def test_a_slug_starting_with_underscore_is_refused(signed_in, section):
    response = post_edit(signed_in, section, slug="_edit")
    assert "reserved for actions" in response.content.decode()


def test_a_stale_non_overlapping_edit_is_merged_and_the_user_told(signed_in, make_article, alice):
    article = make_article("Notes", body="one\ntwo\nthree\nfour\n")
    services.edit_article(
        article=article,
        base_revision=1,
        title="Notes",
        body="ONE\ntwo\nthree\nfour\n",
        author=alice,
    )
    response = post_edit(signed_in, article, base_revision=1, body="one\ntwo\nthree\nFOUR\n")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "ONE\ntwo\nthree\nFOUR\n"
    page = signed_in.get(response.url).content.decode()
    assert "merged" in page


def test_a_stale_overlapping_edit_shows_a_conflict_page_with_the_users_text(
    signed_in, make_article, alice
):
    article = make_article("Notes", body="one\ntwo\n")
    services.edit_article(
        article=article, base_revision=1, title="Notes", body="one\nalice's two\n", author=alice
    )
    response = post_edit(signed_in, article, base_revision=1, body="one\nbob's two\n")

    page = response.content.decode()
    assert response.status_code == 409
    assert "bob&#x27;s two" in page and "<del>alice</del>" in page
    assert 'name="base_revision" value="2"' in page
    article.refresh_from_db()
    assert article.body == "one\nalice's two\n"


def test_creating_a_top_level_article(signed_in, db):
    response = signed_in.post(
        "/wiki/_new/", {"title": "Handbook", "slug": "", "body": "Hi", "parent": ""}
    )
    assert response.status_code == 302 and response.url == "/wiki/handbook/"


def test_creating_a_child_from_the_parent_page(signed_in, section):
    form = signed_in.get("/wiki/engineering/_new/").content.decode()
    assert 'value="engineering"' in form
    response = signed_in.post(
        "/wiki/engineering/_new/", {"title": "Setup", "body": "", "parent": "engineering"}
    )
    assert response.url == "/wiki/engineering/setup/"


def test_a_missing_link_prefills_the_new_article_form(signed_in, db):
    page = signed_in.get("/wiki/_new/?title=Style+guide").content.decode()
    assert 'value="Style guide"' in page


def test_a_tampered_parent_is_refused(signed_in, db):
    response = signed_in.post("/wiki/_new/", {"title": "X", "body": "", "parent": "nowhere"})
    assert response.status_code == 200
    assert "There is no article at “nowhere”" in response.content.decode()
    assert not Article.objects.exists()


def test_the_preview_renders_sanitised_html(signed_in, db):
    response = signed_in.post("/wiki/_preview/", {"body": "**hi** <script>x</script>"})
    assert b"<strong>hi</strong>" in response.content
    assert b"<script>" not in response.content


def test_the_preview_refuses_huge_bodies_clearly(signed_in, settings, db):
    settings.LORE_MAX_BODY_CHARS = 10
    response = signed_in.post("/wiki/_preview/", {"body": "x" * 11})
    assert response.status_code == 400 and b"limit is 10" in response.content


def test_moving_under_a_descendant_shows_a_clear_message(signed_in, section, make_article):
    make_article("Guides", parent=section)
    response = signed_in.post(
        "/wiki/engineering/_move/", {"target": "engineering/guides", "position": "last-child"}
    )
    assert response.status_code == 200
    assert "under itself or one of its own sub-articles" in response.content.decode()


def test_moving_to_another_section(signed_in, section, make_article):
    guides = make_article("Guides", parent=section)
    make_article("Operations")
    response = signed_in.post(
        "/wiki/engineering/guides/_move/", {"target": "operations", "position": "last-child"}
    )
    assert response.url == "/wiki/operations/guides/"
    guides.refresh_from_db()
    assert guides.parent.title == "Operations"


def test_delete_asks_first_then_trashes(signed_in, section, make_article):
    make_article("Guides", parent=section)
    confirm = signed_in.get("/wiki/engineering/_delete/").content.decode()
    assert "1 sub-article" in confirm
    assert Article.objects.live().count() == 2

    response = signed_in.post("/wiki/engineering/_delete/")
    assert response.status_code == 302
    assert Article.objects.live().count() == 0


def test_edit_pages_run_few_queries(signed_in, section, django_assert_max_num_queries):
    signed_in.get("/wiki/engineering/_edit/")
    with django_assert_max_num_queries(6):
        signed_in.get("/wiki/engineering/_edit/")
