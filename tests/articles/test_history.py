"""History pages: the list of revisions, one old revision, a diff between two, a revert."""

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from articles import services
from articles.models import ArticleRevision

Kind = ArticleRevision.Kind


def edit(article, body, *, author, summary="", title=None):
    """Save an edit through the real service, from the article's current revision."""
    result = services.edit_article(
        article=article,
        base_revision=article.revision_number,
        title=article.title if title is None else title,
        body=body,
        author=author,
        summary=summary,
    )
    return result.article


def url(name, article, *args):
    return reverse(f"articles:{name}", args=[article.path, *args])


def messages_of(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def page(make_article, alice):
    """An article alice created (revision 1) and bob edited (revision 2)."""
    article = make_article("Deploy", body="The quick brown fox.\n", author=alice)
    return article


@pytest.fixture
def edited(page, bob):
    return edit(page, "The quick red fox.\nJumps.\n", author=bob, summary="Colour fix")


@pytest.fixture
def signed_in(client, bob):
    client.force_login(bob)
    return client


# --- History list -----------------------------------------------------------------------------


def test_history_lists_every_revision_with_author_summary_and_size_change(signed_in, edited):
    response = signed_in.get(url("history", edited))

    assert response.status_code == 200
    rows = list(response.context["revisions"])
    assert [row.number for row in rows] == [2, 1]
    html = response.content.decode()
    assert "Alice A." in html and "Bob Baker" in html
    assert "Colour fix" in html
    assert "+5" in html  # "The quick brown fox.\n" (21) → "The quick red fox.\nJumps.\n" (26)
    assert "<time datetime=" in html
    assert url("revision", edited, 1) in html
    assert url("revert", edited, 1) in html
    assert url("revert", edited, 2) not in html  # the current revision can't be reverted to


def test_history_shows_a_shrinking_edit_as_a_negative_size_change(signed_in, edited, bob):
    article = edit(edited, "Short.\n", author=bob)

    html = signed_in.get(url("history", article)).content.decode()

    assert "−19" in html


def test_history_preselects_the_previous_and_latest_revisions_for_comparison(signed_in, edited):
    html = signed_in.get(url("history", edited)).content.decode()

    assert 'name="from" value="1" aria-label="Compare from revision 1" checked' in html
    assert 'name="to" value="2" aria-label="Compare to revision 2" checked' in html
    assert f'action="{url("diff", edited)}"' in html
    assert f"{url('diff', edited)}?from=1&amp;to=2" in html


def test_moves_renames_deletions_and_restores_appear_as_events(
    signed_in, make_article, section, bob
):
    ops = make_article("Operations")
    article = make_article("Runbook", parent=section)
    services.move_article(article=article, target=ops, position="last-child", author=bob)
    article.refresh_from_db()
    article = edit(article, article.body, title="On-call runbook", author=bob)
    services.trash_article(article=article, author=bob)
    services.restore_article(article=article, author=bob)
    article.refresh_from_db()

    response = signed_in.get(url("history", article))

    kinds = [row.kind for row in response.context["revisions"]]
    assert kinds == [Kind.RESTORE, Kind.DELETE, Kind.RENAME, Kind.MOVE, Kind.CREATE]
    html = response.content.decode()
    assert "engineering/runbook → operations/runbook" in html
    assert "“Runbook” → “On-call runbook”" in html
    assert html.count('class="history-event-label"') == 4
    for label in ("Moved", "Renamed", "Deleted", "Restored"):
        assert label in html


def test_history_is_paginated_fifty_revisions_a_page(signed_in, page, bob):
    for n in range(54):
        page = edit(page, f"Version {n}\n", author=bob)

    first = signed_in.get(url("history", page))
    second = signed_in.get(url("history", page), {"page": 2})

    assert [r.number for r in first.context["revisions"]] == list(range(55, 5, -1))
    assert [r.number for r in second.context["revisions"]] == [5, 4, 3, 2, 1]
    assert signed_in.get(url("history", page), {"page": "nonsense"}).status_code == 200


@pytest.mark.parametrize("revisions", [3, 35])
def test_history_costs_the_same_few_queries_however_many_revisions(
    signed_in, page, bob, django_assert_max_num_queries, revisions
):
    for n in range(revisions - 1):
        page = edit(page, f"Version {n}\n", author=bob, summary=f"Edit {n}")

    # The session user, access verdicts, the article, the revision count and page, the
    # sidebar, and the unread-notification count (cached once counted).
    with django_assert_max_num_queries(7):
        response = signed_in.get(url("history", page))

    assert len(response.context["revisions"]) == revisions


def test_an_old_address_redirects_to_the_history_at_the_new_one(
    signed_in, make_article, section, bob
):
    article = make_article("Runbook", parent=section)
    old_url = url("history", article)
    article = edit(article, article.body, author=bob)
    services.move_article(article=article, target=None, position="last-child", author=bob)
    article.refresh_from_db()

    response = signed_in.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == url("history", article)


# --- One old revision -------------------------------------------------------------------------


def test_an_old_revision_shows_its_own_text_under_a_banner(signed_in, edited):
    response = signed_in.get(url("revision", edited, 1))

    html = response.content.decode()
    assert response.status_code == 200
    assert "The quick brown fox." in html
    assert "red fox" not in html
    assert "You are viewing revision 1" in html
    assert "Alice A." in html
    assert "This is not the current version." in html
    assert f"{url('diff', edited)}?from=1&amp;to=2" in html
    assert url("revert", edited, 1) in html


def test_the_current_revision_says_it_is_current(signed_in, edited):
    html = signed_in.get(url("revision", edited, 2)).content.decode()

    assert "This is the current version." in html
    assert url("revert", edited, 2) not in html


def test_an_old_revision_is_rendered_once_then_served_from_the_cache(
    signed_in, edited, monkeypatch
):
    signed_in.get(url("revision", edited, 1))

    def must_not_render(body):
        raise AssertionError("rendered again")

    monkeypatch.setattr(services, "render_body", must_not_render)
    response = signed_in.get(url("revision", edited, 1))

    assert "The quick brown fox." in response.content.decode()


def test_an_unknown_revision_is_not_found(signed_in, edited, make_article):
    other = make_article("Other")
    for _ in range(3):
        other = edit(other, other.body + "more\n", author=other.created_by)

    assert signed_in.get(url("revision", edited, 3)).status_code == 404
    assert signed_in.get(url("revision", edited, 0)).status_code == 404
    assert signed_in.get(url("revision", edited, 10**30)).status_code == 404
    assert signed_in.get(url("revision", other, 4)).status_code == 200


def test_hostile_markdown_in_an_old_revision_is_sanitised(signed_in, make_article, bob):
    article = make_article(
        "Sneaky",
        body='<script>alert("pwned")</script>\n\n<img src=x onerror="alert(1)">\n\n'
        "[click](javascript:alert(2))\n",
    )
    edit(article, "Clean now.\n", author=bob)
    cache.clear()

    html = signed_in.get(url("revision", article, 1)).content.decode()

    body = html.split('class="prose article-body"', 1)[1]
    assert "<script" not in body
    assert "<img" not in body
    assert 'href="javascript:' not in body
    assert "&lt;script&gt;" in body or "pwned" not in body


# --- Diff -------------------------------------------------------------------------------------


def test_a_diff_marks_the_words_deleted_and_inserted(signed_in, edited):
    response = signed_in.get(url("diff", edited), {"from": 1, "to": 2})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>brown</del>" in html
    assert "<ins>red</ins>" in html
    assert "Jumps." in html
    assert response.context["stats"].added == 2
    assert response.context["stats"].removed == 1
    assert "css/diff.css" in html


def test_a_diff_without_revisions_shows_the_latest_change(signed_in, edited):
    response = signed_in.get(url("diff", edited))

    assert (response.context["old_meta"].number, response.context["new_meta"].number) == (1, 2)


def test_a_diff_asked_backwards_is_shown_oldest_first(signed_in, edited):
    response = signed_in.get(url("diff", edited), {"from": 2, "to": 1})

    assert response.status_code == 200
    assert (response.context["old_meta"].number, response.context["new_meta"].number) == (1, 2)
    assert "<ins>red</ins>" in response.content.decode()


def test_a_diff_can_be_inline_and_show_the_whole_text(signed_in, page, bob):
    body = "".join(f"Line {n}\n" for n in range(1, 21))
    article = edit(page, body, author=bob)
    article = edit(article, body.replace("Line 10\n", "Line ten\n"), author=bob)

    changes = signed_in.get(url("diff", article), {"from": 2, "to": 3})
    whole = signed_in.get(url("diff", article), {"from": 2, "to": 3, "context": "all"})
    inline = signed_in.get(url("diff", article), {"from": 2, "to": 3, "mode": "inline"})

    assert "Line 1\n" not in changes.content.decode()
    assert "unchanged lines" in changes.content.decode()
    assert ">Line 1</td>" in whole.content.decode()
    assert 'class="diff diff-side"' in changes.content.decode()
    assert 'class="diff diff-inline"' in inline.content.decode()


def test_a_diff_shows_a_title_change(signed_in, edited, bob):
    article = edit(edited, edited.body, title="Deploying", author=bob)

    html = signed_in.get(url("diff", article), {"from": 1, "to": 3}).content.decode()

    assert "<del>Deploy</del> → <ins>Deploying</ins>" in html


def test_a_diff_of_a_move_says_the_text_is_unchanged(signed_in, edited, section, bob):
    services.move_article(article=edited, target=section, position="last-child", author=bob)
    edited.refresh_from_db()

    response = signed_in.get(url("diff", edited), {"from": 2, "to": 3})

    assert response.status_code == 200
    assert "The text is the same in both revisions." in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "abc", "to": "2"}, "Revision numbers are whole numbers"),
        ({"from": "1", "to": "2.5"}, "Revision numbers are whole numbers"),
        ({"from": "1", "to": "9"}, "there is no revision 9"),
        ({"from": "-1", "to": "2"}, "there is no revision -1"),
        ({"from": "0", "to": "2"}, "there is no revision 0"),
        ({"from": "1", "to": "99999999999999999999999"}, "there is no revision"),
        ({"mode": "sideways"}, "Select a valid choice"),
    ],
)
def test_a_diff_of_bad_revision_numbers_explains_why_it_cant_compare(
    signed_in, edited, query, message
):
    response = signed_in.get(url("diff", edited), query)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Can’t compare these revisions" in html
    assert message in html


def test_a_diff_refuses_revision_numbers_that_belong_to_another_article(
    signed_in, edited, make_article, bob
):
    other = make_article("Other")
    for n in range(4):
        other = edit(other, f"v{n}\n", author=bob)

    response = signed_in.get(url("diff", edited), {"from": 1, "to": 5})

    assert response.status_code == 400
    assert "“Deploy” has revisions 1 to 2; there is no revision 5." in response.content.decode()


def test_a_diff_of_the_largest_article_stays_quick(signed_in, make_article, bob, settings):
    import time

    paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.\n\n"
    body = (paragraph * (settings.LORE_MAX_BODY_CHARS // len(paragraph)))[:499_000]
    article = make_article("Big", body=body)
    article = edit(article, body.replace("sit amet", "sat amid", 400), author=bob)

    started = time.monotonic()
    response = signed_in.get(url("diff", article), {"from": 1, "to": 2, "context": "all"})

    assert response.status_code == 200
    assert time.monotonic() - started < 10


# --- Revert -----------------------------------------------------------------------------------


def test_reverting_creates_a_new_revision_with_the_old_content(signed_in, edited):
    response = signed_in.post(url("revert", edited, 1), {"base_revision": 2})

    assert response.status_code == 302
    assert response["Location"] == edited.get_absolute_url()
    edited.refresh_from_db()
    assert edited.body == "The quick brown fox.\n"
    assert edited.revision_number == 3
    latest = edited.revisions.select_related("revision").first()
    assert latest.kind == Kind.REVERT
    assert latest.revision.comment == "Reverted to revision 1"
    # History is added to, never rewritten.
    assert list(edited.revisions.values_list("number", flat=True)) == [3, 2, 1]
    assert edited.version_for(2).field_dict["body"] == "The quick red fox.\nJumps.\n"
    assert ("success", messages_of(response)[0][1]) == messages_of(response)[0]
    assert "Reverted to revision 1" in messages_of(response)[0][1]


def test_reverting_brings_back_the_revisions_tags_too(signed_in, page, bob):
    from articles.models import Tag

    page = services.edit_article(
        article=page,
        base_revision=page.revision_number,
        title=page.title,
        body=page.body,
        author=bob,
        tags=Tag.parse_list("deploy, on-call"),
    ).article
    page = services.edit_article(
        article=page,
        base_revision=page.revision_number,
        title=page.title,
        body="Rewritten.\n",
        author=bob,
        tags=Tag.parse_list("deploy, archived"),
    ).article

    response = signed_in.post(url("revert", page, 2), {"base_revision": 3})

    assert response.status_code == 302
    page.refresh_from_db()
    assert sorted(tag.name for tag in page.tags.all()) == ["deploy", "on-call"]
    latest = page.revisions.first()
    assert latest.kind == Kind.REVERT and latest.detail == "Tags: +on-call −archived"


def test_reverting_only_the_tags_is_a_revision_too(signed_in, page, bob):
    from articles.models import Tag

    page = services.edit_article(
        article=page,
        base_revision=page.revision_number,
        title=page.title,
        body=page.body,
        author=bob,
        tags=Tag.parse_list("deploy"),
    ).article

    signed_in.post(url("revert", page, 1), {"base_revision": 2})

    page.refresh_from_db()
    assert page.revision_number == 3 and list(page.tags.all()) == []


def test_the_revert_page_explains_and_changes_nothing(signed_in, edited):
    response = signed_in.get(url("revert", edited, 1))

    html = response.content.decode()
    assert response.status_code == 200
    assert "creates <strong>revision 3</strong> with the title and text of revision 1" in html
    assert "Nothing is lost" in html
    assert 'name="base_revision" value="2"' in html
    edited.refresh_from_db()
    assert edited.revision_number == 2


def test_reverting_to_identical_content_says_it_already_matches(signed_in, edited, bob):
    article = edit(edited, "The quick brown fox.\n", author=bob)

    page = signed_in.get(url("revert", article, 1))
    response = signed_in.post(url("revert", article, 1), {"base_revision": 3})

    assert "reverting changes nothing" in page.content.decode()
    assert response.status_code == 302
    assert messages_of(response) == [
        ("info", "Nothing to do: the article already matches revision 1.")
    ]
    article.refresh_from_db()
    assert article.revision_number == 3


def test_reverting_after_someone_else_saved_asks_again(signed_in, edited, alice):
    edit(edited, "Alice's newer text.\n", author=alice)

    response = signed_in.post(url("revert", edited, 1), {"base_revision": 2})

    assert response.status_code == 409
    html = response.content.decode()
    assert "it is now at revision 3" in html
    assert 'name="base_revision" value="3"' in html
    edited.refresh_from_db()
    assert edited.body == "Alice's newer text.\n"


def test_a_revert_post_without_its_confirmation_changes_nothing(signed_in, edited):
    response = signed_in.post(url("revert", edited, 1))

    assert response.status_code == 409
    assert "Please confirm again" in response.content.decode()
    edited.refresh_from_db()
    assert edited.revision_number == 2


def test_reverting_to_a_move_event_restores_its_content(signed_in, edited, section, bob):
    services.move_article(article=edited, target=section, position="last-child", author=bob)
    edited.refresh_from_db()
    article = edit(edited, "Rewritten.\n", author=bob)

    response = signed_in.post(url("revert", article, 3), {"base_revision": 4})

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "The quick red fox.\nJumps.\n"


def test_reverting_to_an_unknown_revision_is_not_found(signed_in, edited):
    assert signed_in.get(url("revert", edited, 7)).status_code == 404
    assert signed_in.post(url("revert", edited, 7), {"base_revision": 2}).status_code == 404
    assert signed_in.get(url("revert", edited, 10**30)).status_code == 404


def test_a_revert_needs_the_csrf_token(edited, bob):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)

    response = client.post(url("revert", edited, 1), {"base_revision": 2})

    assert response.status_code == 403
    edited.refresh_from_db()
    assert edited.revision_number == 2


# --- Who may see what -------------------------------------------------------------------------

EVERY_HISTORY_PAGE = pytest.mark.parametrize(
    ("name", "args", "method"),
    [
        ("history", [], "get"),
        ("diff", [], "get"),
        ("revision", [1], "get"),
        ("revert", [1], "get"),
        ("revert", [1], "post"),
    ],
)


@EVERY_HISTORY_PAGE
def test_anonymous_visitors_are_sent_to_sign_in(client, edited, name, args, method):
    response = getattr(client, method)(url(name, edited, *args))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    edited.refresh_from_db()
    assert edited.revision_number == 2


@EVERY_HISTORY_PAGE
def test_a_trashed_articles_history_pages_are_not_found(signed_in, edited, bob, name, args, method):
    services.trash_article(article=edited, author=bob)

    response = getattr(signed_in, method)(url(name, edited, *args), {"base_revision": 3})

    assert response.status_code == 404
