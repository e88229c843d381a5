"""What article changes (through articles.services) tell followers and mentioned people."""

from django.core import mail

from articles import services as articles
from notifications import services
from notifications.models import Follow, Kind, Notification, NotificationSettings


def kinds_for(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_an_edit_tells_followers_with_a_link_to_the_diff(alice, bob, section, edit):
    services.follow(user=bob, article=section)
    edit(section, "New text.\n")
    notification = Notification.objects.get(recipient=bob)
    assert notification.kind == Kind.EDIT
    assert notification.url == "/wiki/engineering/_diff/?from=1&to=2"
    assert notification.actor == alice
    assert notification.summary == "Alice A. edited “Engineering”"


def test_the_editor_follows_what_they_edit(bob, section, edit):
    edit(section, "Bob's text.\n", author=bob)
    assert services.is_following(bob, section)


def test_editors_who_switched_auto_follow_off_do_not_follow(bob, section, edit):
    NotificationSettings.objects.create(user=bob, follow_on_edit=False)
    edit(section, "Bob's text.\n", author=bob)
    assert not services.is_following(bob, section)


def test_a_creator_follows_what_they_create_unless_switched_off(alice, bob, make_article):
    mine = make_article("Mine", author=bob)
    assert services.is_following(bob, mine)
    NotificationSettings.objects.create(user=alice, follow_on_create=False)
    theirs = make_article("Theirs", author=alice)
    assert not services.is_following(alice, theirs)


def test_nobody_is_told_of_their_own_edit(alice, section, edit):
    edit(section, "Alice again.\n")  # alice follows her own section since she created it
    assert not Notification.objects.exists()


def test_a_burst_of_50_edits_is_one_notification_and_one_email(
    alice, bob, section, edit, django_capture_on_commit_callbacks
):
    services.follow(user=bob, article=section)
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(50):
            edit(section, f"Version {number}.\n")
    notification = Notification.objects.get(recipient=bob)
    assert notification.count == 50
    # One diff from before the first change to the last.
    assert notification.url == "/wiki/engineering/_diff/?from=1&to=51"
    assert [message.to for message in mail.outbox] == [["bob@example.com"]]


def test_after_reading_the_next_edit_is_a_new_notification_with_its_own_diff(
    alice, bob, section, edit
):
    services.follow(user=bob, article=section)
    edit(section, "One.\n")
    services.mark_read(user=bob)
    edit(section, "Two.\n")
    latest = Notification.objects.filter(recipient=bob).unread().get()
    assert latest.url == "/wiki/engineering/_diff/?from=2&to=3"


def test_reverts_and_renames_count_as_edits(alice, bob, section, edit):
    services.follow(user=bob, article=section)
    edit(section, "Changed.\n", title="Engineering handbook")
    section.refresh_from_db()
    articles.revert_article(article=section, number=1, author=alice)
    notification = Notification.objects.get(recipient=bob)
    assert notification.count == 2
    assert notification.summary == "Alice A. reverted “Engineering”"


def test_a_new_article_tells_the_followers_of_its_section(alice, bob, section, make_article):
    services.follow(user=bob, article=section)
    page = make_article("Onboarding", parent=section)
    notification = Notification.objects.get(recipient=bob)
    assert notification.kind == Kind.CREATE
    assert notification.url == page.get_absolute_url()
    assert notification.summary == "Alice A. added “Onboarding” under “Engineering”"


def test_moves_deletes_and_restores_tell_followers(alice, bob, section, make_article):
    page = make_article("Page", parent=section)
    other = make_article("Other")
    services.follow(user=bob, article=page)
    moved = articles.move_article(
        article=page, target=other, position="last-child", author=alice
    ).article
    trashed = articles.trash_article(article=moved, author=alice)
    articles.restore_article(article=trashed, author=alice)
    assert sorted(kinds_for(bob)) == sorted([Kind.MOVE, Kind.DELETE, Kind.RESTORE])
    deleted = Notification.objects.get(recipient=bob, kind=Kind.DELETE)
    assert deleted.url == "/wiki/_trash/"


def test_section_followers_hear_when_something_inside_is_deleted(alice, bob, section, make_article):
    page = make_article("Page", parent=section)
    services.follow(user=bob, article=section)
    articles.trash_article(article=page, author=alice)
    assert kinds_for(bob) == [Kind.DELETE]


def test_nothing_is_said_about_edits_in_a_section_the_follower_can_no_longer_read(
    alice, bob, carol, section, edit, restrict
):
    services.follow(user=bob, article=section)
    services.follow(user=carol, article=section)
    restrict(section, readers=[alice, carol])
    edit(section, "Secret plans.\n")
    assert kinds_for(bob) == []
    assert kinds_for(carol) == [Kind.EDIT]


def test_a_guest_following_a_section_they_were_not_granted_hears_nothing(
    alice, guest, section, make_article, grant, edit
):
    other = make_article("Partners")
    grant(guest, other)
    services.follow(user=guest, article=section)
    services.follow(user=guest, article=other)
    edit(section, "Internal.\n")
    edit(other, "For partners.\n")
    assert list(Notification.objects.values_list("article__title", flat=True)) == ["Partners"]


def test_deactivated_followers_get_nothing(alice, bob, section, edit):
    services.follow(user=bob, article=section)
    bob.is_active = False
    bob.save()
    edit(section, "Changed.\n")
    assert not Notification.objects.exists()


def test_new_mentions_in_an_article_notify_the_people_mentioned(
    alice, bob, carol, make_article, edit
):
    page = make_article("Plan", body="Ask @bob about it.\n")
    assert kinds_for(bob) == [Kind.MENTION]
    edit(page, "Ask @bob about it. And @carol.\n")
    assert kinds_for(carol) == [Kind.MENTION]
    assert Notification.objects.get(recipient=bob).count == 1  # not mentioned anew


def test_mentions_render_as_links_to_profiles(alice, bob, make_article):
    page = make_article("Plan", body="Ask @bob, not `@bob`.\n")
    assert '<a class="mention" href="/people/bob/">@bob</a>' in page.body_html
    assert "<code>@bob</code>" in page.body_html


def test_a_mentioned_person_who_cannot_read_the_article_is_not_told(
    alice, bob, section, make_article, restrict, edit
):
    restrict(section, readers=[alice])
    page = make_article("Plan", parent=section)
    edit(page, "Hey @bob.\n")
    assert not Notification.objects.filter(recipient=bob).exists()


def test_a_purge_notifies_nobody(alice, bob, admin, section):
    services.follow(user=bob, article=section)
    trashed = articles.trash_article(article=section, author=alice)
    Notification.objects.all().delete()
    articles.purge_article(article=trashed)
    assert not Notification.objects.exists()
    assert not Follow.objects.filter(user=bob).exists()
