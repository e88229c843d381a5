"""The API other apps call: following, followers, auto-follow and notify()."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import access
from notifications import services
from notifications.models import Follow, Kind, Notification, NotificationSettings
from tests.conftest import make_user


def test_following_a_section_follows_everything_under_it(bob, section, make_article):
    child = make_article("Guides", parent=section)
    grandchild = make_article("Setup", parent=child)
    services.follow(user=bob, article=section)
    assert services.is_following(bob, grandchild)
    assert bob in services.followers_of(grandchild)


def test_following_a_child_does_not_follow_its_parent(bob, section, make_article):
    child = make_article("Guides", parent=section)
    services.follow(user=bob, article=child)
    assert not services.is_following(bob, section)
    assert bob not in services.followers_of(section)


def test_following_twice_keeps_one_follow(bob, section):
    services.follow(user=bob, article=section)
    services.follow(user=bob, article=section)
    assert Follow.objects.filter(user=bob).count() == 1


def test_unfollow_removes_the_follow(bob, section):
    services.follow(user=bob, article=section)
    services.unfollow(user=bob, article=section)
    assert not services.is_following(bob, section)


def test_followers_of_is_one_query_whatever_the_depth(
    bob, carol, section, make_article, django_assert_num_queries
):
    parent = section
    for depth in range(5):
        parent = make_article(f"Level {depth}", parent=parent)
    Follow.objects.all().delete()  # the author follows what she creates
    services.follow(user=bob, article=section)
    services.follow(user=carol, article=parent)
    with django_assert_num_queries(1):
        assert set(services.followers_of(parent)) == {bob, carol}


def test_followers_of_another_section_are_not_followers(bob, section, make_article):
    other = make_article("Sales")
    Follow.objects.all().delete()  # the author follows what she creates
    services.follow(user=bob, article=other)
    assert list(services.followers_of(section)) == []


def test_auto_follow_follows_unless_switched_off(bob, section, make_article):
    page = make_article("Page", parent=section, author=bob)  # create: follows already
    Follow.objects.filter(user=bob).delete()
    NotificationSettings.objects.create(user=bob, follow_on_comment=False)
    assert not services.auto_follow(user=bob, article=page, reason="comment")
    assert services.auto_follow(user=bob, article=page, reason="edit")
    assert services.is_following(bob, page)


def test_auto_follow_adds_nothing_when_the_section_is_followed(bob, section, make_article):
    page = make_article("Page", parent=section)
    services.follow(user=bob, article=section)
    assert not services.auto_follow(user=bob, article=page, reason="comment")
    assert Follow.objects.filter(user=bob).count() == 1


def test_follow_state_needs_no_query_once_cached(
    bob, section, make_article, django_assert_num_queries
):
    page = make_article("Page", parent=section)
    services.follow(user=bob, article=section)
    services.follow_state(bob, page, [section])
    with django_assert_num_queries(0):
        state = services.follow_state(bob, page, [section])
    assert state == {"following": True, "via": section}
    services.unfollow(user=bob, article=section)
    assert services.follow_state(bob, page, [section]) == {"following": False, "via": None}


def test_follows_visible_to_hides_what_the_viewer_cannot_read(
    alice, bob, carol, section, make_article, restrict
):
    secret = make_article("Secret", parent=section)
    public = make_article("Public", parent=section)
    restrict(secret, readers=[alice, bob])
    services.follow(user=bob, article=secret)
    services.follow(user=bob, article=public)
    assert list(services.follows_visible_to(bob, carol)) == [public]
    assert list(services.follows_visible_to(bob, alice)) == [public, secret]


def notify(recipients, article, actor, kind=Kind.COMMENT, **extra):
    return services.notify(
        recipients=recipients,
        actor=actor,
        kind=kind,
        article=article,
        url=article.get_absolute_url(),
        summary=extra.pop("summary", "Something happened"),
        **extra,
    )


def test_notify_never_tells_the_actor(alice, bob, section):
    assert notify([alice, bob], section, actor=alice) == 1
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["bob"]


def test_deactivated_people_get_nothing(alice, bob, section):
    bob.is_active = False
    bob.save()
    assert notify([bob], section, actor=alice) == 0
    assert notify(type(bob).objects.all(), section, actor=alice) == 0
    assert not Notification.objects.exists()


def test_nobody_hears_about_a_restricted_section_they_cannot_read(
    alice, bob, carol, admin, section, make_article, restrict
):
    secret = make_article("Secret", parent=section)
    restrict(section, readers=[alice, bob])
    assert notify([bob, carol, admin], secret, actor=alice) == 2
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert notified == {"bob", "root"}


def test_a_nested_restriction_must_be_passed_as_well(
    alice, bob, carol, section, make_article, restrict
):
    inner = make_article("Inner", parent=section)
    restrict(section, readers=[alice, bob, carol])
    restrict(inner, readers=[alice, carol])
    assert notify([bob, carol], inner, actor=alice) == 1
    assert Notification.objects.get().recipient == carol


def test_a_group_listed_on_the_restriction_lets_its_members_hear(
    alice, bob, carol, section, restrict
):
    from django.contrib.auth.models import Group

    team = Group.objects.create(name="Platform")
    bob.groups.add(team)
    restrict(section, readers=[alice], groups=[team])
    assert notify([bob, carol], section, actor=alice) == 1


def test_a_guest_hears_only_about_granted_sections(alice, guest, section, make_article, grant):
    other = make_article("Sales")
    grant(guest, other)
    assert notify([guest], section, actor=alice) == 0
    assert notify([guest], other, actor=alice) == 1


def test_nothing_is_said_about_an_article_in_the_trash(alice, bob, section):
    from articles import services as articles

    trashed = articles.trash_article(article=section, author=alice)
    assert notify([bob], trashed, actor=alice) == 0


def test_bulk_access_agrees_with_can_read_for_everyone(
    alice, bob, carol, guest, admin, admin_group_member, section, make_article, restrict, grant
):
    """readers_among is the many-people form of access.can_read: they must never disagree."""
    from articles.models import Article

    inner = make_article("Inner", parent=section)
    deeper = make_article("Deeper", parent=inner)
    other = make_article("Other")
    restrict(inner, readers=[alice, bob])
    restrict(deeper, readers=[bob, guest])
    grant(guest, section)
    people = [alice, bob, carol, guest, admin, admin_group_member]
    for article in Article.objects.all():
        expected = [u for u in people if access.can_read(type(u).objects.get(pk=u.pk), article)]
        assert services.readers_among(people, article) == expected, article.title
    assert other  # a section the guest was not let into


def test_notify_costs_the_same_queries_for_3_or_30_recipients(alice, section, restrict):
    few = [make_user(f"few{i}") for i in range(3)]
    many = [make_user(f"many{i}") for i in range(30)]
    restrict(section, readers=[alice, *few, *many])

    def cost(people):
        with CaptureQueriesContext(connection) as queries:
            notify(people, section, actor=alice)
        return len(queries)

    assert cost(few) == cost(many)


def test_a_burst_becomes_one_notification_that_grows(alice, bob, section):
    for number in range(50):
        notify([bob], section, actor=alice, summary=f"Change {number}")
    notification = Notification.objects.get()
    assert notification.count == 50
    assert notification.summary == "Change 49"


def test_once_read_the_next_event_is_a_new_notification(alice, bob, section):
    notify([bob], section, actor=alice)
    services.mark_read(user=bob)
    notify([bob], section, actor=alice)
    assert Notification.objects.count() == 2
    assert Notification.objects.unread().count() == 1


def test_different_kinds_are_not_coalesced(alice, bob, section):
    notify([bob], section, actor=alice, kind=Kind.COMMENT)
    notify([bob], section, actor=alice, kind=Kind.MENTION)
    assert Notification.objects.count() == 2


def test_the_comment_is_remembered_by_id(alice, bob, section):
    notify([bob], section, actor=alice, comment=42)
    assert Notification.objects.get().comment_id == 42


def test_unread_count_is_cached_until_notified_or_read(
    alice, bob, section, django_assert_num_queries
):
    assert services.unread_count(bob) == 0
    with django_assert_num_queries(0):
        assert services.unread_count(bob) == 0
    notify([bob], section, actor=alice)
    assert services.unread_count(bob) == 1
    services.mark_read(user=bob)
    assert services.unread_count(bob) == 0
