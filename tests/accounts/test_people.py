"""The people directory and profile pages: what they show, to whom, at a constant cost."""

import html

import pytest
from django.contrib.auth.models import Group

from accounts.models import GuestGrant
from articles import services
from discussion.services import hide_comment, post_comment
from notifications.services import follow
from tests.conftest import make_user, restrict_reading


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def hr_only(make_article, alice, db):
    """An article only HR may read, created and edited by Alice (who is in HR)."""
    hr = Group.objects.create(name="HR")
    alice.groups.add(hr)
    article = make_article("Salaries", body="Numbers.", author=alice)
    restrict_reading(article, groups=[hr])
    services.edit_article(
        article=article,
        base_revision=article.revision_number,
        title="Salary bands",
        body="More numbers.",
        author=alice,
    )
    return article


def test_a_profile_shows_who_someone_is(client, alice, bob):
    alice.job_title, alice.team, alice.bio = "Staff engineer", "Platform", "Ask me about deploys."
    alice.save()
    client.force_login(bob)

    page = text(client.get("/people/alice/"))

    assert "Alice A." in page
    assert "Staff engineer" in page and "Platform" in page
    assert "Ask me about deploys." in page
    assert ">AA</span>" in page  # initials avatar when there's no picture


def test_a_profile_lists_recent_edits_and_created_articles_the_viewer_may_see(
    client, alice, bob, make_article, hr_only
):
    open_page = make_article("Onboarding", author=alice)
    services.edit_article(
        article=open_page,
        base_revision=open_page.revision_number,
        title="Onboarding guide",
        body="Welcome!",
        author=alice,
    )
    client.force_login(bob)

    page = text(client.get("/people/alice/"))

    assert "Onboarding guide" in page
    assert "Salar" not in page  # neither the edit, nor the creation, nor the titles


def test_the_restricted_work_shows_to_those_who_may_read_it(client, alice, hr_only):
    client.force_login(alice)

    page = text(client.get("/people/alice/"))

    assert "Salary bands" in page
    assert 'href="/people/alice/"' in page or "Edit profile" in page


def test_an_unknown_person_is_a_404(client, bob):
    client.force_login(bob)

    assert client.get("/people/nobody/").status_code == 404


def test_a_deactivated_persons_profile_stays_with_their_work(client, alice, bob, make_article):
    make_article("Runbook", author=alice)
    alice.is_active = False
    alice.save()
    client.force_login(bob)

    page = text(client.get("/people/alice/"))

    assert "Deactivated" in page
    assert "Runbook" in page


def test_a_profile_lists_comments_and_follows_the_viewer_may_see(
    client, alice, bob, make_article, hr_only, admin
):
    onboarding = make_article("Onboarding", author=alice)
    shown, _ = post_comment(article=onboarding, author=alice, body="Add the VPN step, please.")
    hidden, _ = post_comment(article=onboarding, author=alice, body="Something rude.")
    hide_comment(comment=hidden, moderator=admin, reason="Rude")
    post_comment(article=hr_only, author=alice, body="Band 3 looks low.")
    follow(user=alice, article=onboarding)
    follow(user=alice, article=hr_only)
    client.force_login(bob)

    response = client.get("/people/alice/")
    page = text(response)

    assert [c.body for c in response.context["comments"]] == ["Add the VPN step, please."]
    assert f'href="/discussion/comments/{shown.pk}/"' in page
    assert "Something rude" not in page  # hidden by a moderator
    assert "Band 3" not in page and "Salar" not in page  # on an article Bob may not read
    assert [article.title for article in response.context["follows"]] == ["Onboarding"]

    client.force_login(alice)
    mine = client.get("/people/alice/")
    assert [c.body for c in mine.context["comments"]] == [
        "Band 3 looks low.",
        "Add the VPN step, please.",
    ]
    assert {article.title for article in mine.context["follows"]} == {"Onboarding", "Salary bands"}


@pytest.mark.parametrize("rows", [2, 25])
def test_a_profile_costs_the_same_however_many_edits_comments_and_follows(
    client, alice, bob, make_article, rows, django_assert_max_num_queries
):
    for number in range(rows):
        article = make_article(f"Page {number}", author=alice)
        post_comment(article=article, author=alice, body=f"Remark {number}")
        follow(user=alice, article=article)
    client.force_login(bob)
    client.get("/people/alice/")

    with django_assert_max_num_queries(7):
        page = text(client.get("/people/alice/"))

    assert page.count("Remark ") == min(rows, 20)
    assert page.count("and everything under it") == min(rows, 20)


def test_the_directory_lists_active_people(client, alice, bob):
    make_user("gone", display_name="Gone G.", is_active=False)
    client.force_login(bob)

    page = text(client.get("/people/"))

    assert "Alice A." in page and "Bob Baker" in page
    assert "Gone G." not in page


@pytest.mark.parametrize(
    ("query", "found"),
    [("archer", "Alice A."), ("platform", "Alice A."), ("SRE", "Bob Baker"), ("bob b", "Bob")],
)
def test_the_directory_searches_names_usernames_teams_and_titles(client, alice, bob, query, found):
    alice.team = "Platform"
    alice.save()
    bob.job_title = "SRE lead"
    bob.save()
    client.force_login(bob)

    page = text(client.get("/people/", {"q": query}))

    assert found in page
    other = "Bob Baker" if found.startswith("Alice") else "Alice A."
    assert other not in page.split("People</h1>", 1)[1]


def test_a_search_that_matches_no_one_says_so(client, bob):
    client.force_login(bob)

    page = text(client.get("/people/", {"q": "zebra"}))

    assert "No one matches “zebra”." in page


def test_an_overlong_search_is_explained_not_a_500(client, bob):
    client.force_login(bob)

    response = client.get("/people/", {"q": "x" * 500})

    assert response.status_code == 200
    assert "Ensure this value has at most 100 characters" in text(response)


@pytest.mark.parametrize("count", [2, 40])
def test_the_directory_is_paginated_at_a_constant_cost(
    client, bob, count, django_assert_max_num_queries
):
    for number in range(count):
        make_user(f"person{number:02}", display_name=f"Person {number:02}")
    client.force_login(bob)
    client.get("/people/")

    with django_assert_max_num_queries(4):
        page = text(client.get("/people/"))

    assert ("Page 1 of 2" in page) == (count == 40)
    page_two = text(client.get("/people/", {"page": 2}))
    assert ("Person 39" in page_two) == (count == 40)


def test_guests_cannot_browse_the_directory_or_others_profiles(client, guest, alice, make_article):
    GuestGrant.objects.create(user=guest, article=make_article("Falcon"), granted_by=alice)
    client.force_login(guest)

    assert client.get("/people/").status_code == 404
    assert client.get("/people/alice/").status_code == 404
    assert client.get("/people/gus/").status_code == 200
    assert 'href="/people/"' not in client.get("/people/gus/").content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client, alice):
    for url in ("/people/", "/people/alice/", "/accounts/profile/", "/accounts/sessions/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_the_user_menu_links_to_profile_people_sessions_and_password(client, alice):
    client.force_login(alice)

    page = client.get("/people/").content.decode()

    for link in ("/people/alice/", "/people/", "/accounts/sessions/", "/accounts/password/"):
        assert f'href="{link}"' in page
