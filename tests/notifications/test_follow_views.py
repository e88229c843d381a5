"""The follow button on article pages and the follow/unfollow form behind it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import services


def test_an_article_page_offers_to_follow_it(client, bob, section):
    client.force_login(bob)
    page = client.get(section.get_absolute_url()).content.decode()
    assert 'name="follow" value="1"' in page
    assert f'name="article" value="{section.pk}"' in page


def test_following_works_without_javascript_and_comes_back_to_the_page(client, bob, section):
    client.force_login(bob)
    response = client.post(
        "/notifications/follow/",
        {"article": section.pk, "follow": "1", "next": section.get_absolute_url()},
    )
    assert response.status_code == 302
    assert response["Location"] == section.get_absolute_url()
    assert services.is_following(bob, section)
    page = client.get(section.get_absolute_url()).content.decode()
    assert 'aria-pressed="true">Following</button>' in page


def test_unfollowing_stops_following(client, bob, section):
    services.follow(user=bob, article=section)
    client.force_login(bob)
    client.post("/notifications/follow/", {"article": section.pk, "follow": "0"})
    assert not services.is_following(bob, section)


def test_a_sub_article_shows_the_followed_section_with_a_way_to_unfollow_it(
    client, bob, section, make_article
):
    page = make_article("Guides", parent=section)
    services.follow(user=bob, article=section)
    client.force_login(bob)
    html = client.get(page.get_absolute_url()).content.decode()
    assert "Following “Engineering”" in html
    assert f'name="article" value="{section.pk}"' in html


def test_nobody_can_follow_an_article_they_cannot_read(client, alice, bob, section, restrict):
    restrict(section, readers=[alice])
    client.force_login(bob)
    response = client.post("/notifications/follow/", {"article": section.pk, "follow": "1"})
    assert response.status_code == 404
    assert not services.is_following(bob, section)


def test_following_refuses_a_redirect_to_another_site(client, bob, section):
    client.force_login(bob)
    response = client.post(
        "/notifications/follow/",
        {"article": section.pk, "follow": "1", "next": "https://evil.example/"},
    )
    assert response["Location"] == section.get_absolute_url()


def test_the_follow_button_costs_no_query_once_the_follows_are_cached(
    client, bob, section, make_article
):
    page = make_article("Guides", parent=section)
    for number in range(30):
        services.follow(user=bob, article=make_article(f"Other {number}"))
    client.force_login(bob)
    client.get(page.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.get_absolute_url())
    assert response.status_code == 200
    assert not [q for q in queries if "notifications_" in q["sql"]]
