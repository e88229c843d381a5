"""Who owns an article and how often it is reviewed: defaults, inheritance down the tree
(also after a move), and the form owners and moderators change them with."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles import services as article_services
from review import services
from review.models import ArticleReview
from tests.review.conftest import review_of, text_of


def owners(article):
    return {user.username for user in services.owners_of(article)}


def test_a_new_article_is_owned_by_its_author_and_verified_by_them(section, alice):
    review = review_of(section)
    assert owners(section) == {"alice"}
    assert review.owner_root_id == section.pk
    assert review.owner_names == "Alice A."
    assert review.last_verified_by == alice
    assert review.due_at is None  # no interval anywhere yet


def test_an_article_written_by_someone_else_is_owned_by_them(section, make_article, bob):
    page = make_article("Deploys", parent=section, author=bob)
    assert owners(page) == {"bob"}


def test_an_article_written_by_an_owner_of_its_section_inherits_the_sections_owners(
    section, make_article, alice, carol, docs_team, set_review
):
    set_review(section, users=[], groups=[docs_team])
    page = make_article("Style guide", parent=section, author=carol)
    review = review_of(page)
    assert not review.has_owners
    assert review.owner_root_id == section.pk
    assert owners(page) == {"carol"}
    assert review.owner_names == "Docs (group)"


def test_a_sections_owners_own_the_articles_below_that_have_none(
    section, make_article, bob, carol, set_review
):
    guides = make_article("Guides", parent=section)
    setup = make_article("Setup", parent=guides)
    set_review(setup, users=[], by=None)  # setup has none of its own: guides' (alice)
    set_review(section, users=[bob])
    set_review(guides, users=[])  # now the nearest ancestor with owners is the section

    assert owners(guides) == {"bob"}
    assert owners(setup) == {"bob"}
    assert review_of(setup).owner_root_id == section.pk

    set_review(guides, users=[carol])
    assert owners(setup) == {"carol"}
    assert review_of(setup).owner_names == "Carol Cole"


def test_review_intervals_are_inherited_from_the_nearest_ancestor_that_sets_one(
    section, make_article, set_review
):
    guides = make_article("Guides", parent=section)
    setup = make_article("Setup", parent=guides)
    set_review(section, interval_days=90)
    assert review_of(setup).effective_interval_days == 90
    set_review(guides, interval_days=30)
    assert review_of(setup).effective_interval_days == 30
    assert review_of(section).effective_interval_days == 90
    review = review_of(setup)
    assert (review.due_at - review.last_verified_at).days == 30

    set_review(guides, interval_days=None)
    assert review_of(setup).effective_interval_days == 90


def test_a_move_brings_the_new_sections_owners_and_interval(
    section, make_article, alice, bob, set_review
):
    other = make_article("Operations", author=bob)
    set_review(other, interval_days=14)
    page = make_article("Runbook", parent=section)
    child = make_article("Restarts", parent=page)
    set_review(page, users=[])
    set_review(child, users=[])
    assert owners(child) == {"alice"} and review_of(child).due_at is None

    article_services.move_article(article=page, target=other, position="last-child", author=alice)

    assert owners(page) == {"bob"} and owners(child) == {"bob"}
    assert review_of(child).effective_interval_days == 14
    assert review_of(child).due_at is not None


def test_moving_to_the_top_level_leaves_only_its_own_settings(
    section, make_article, alice, set_review
):
    set_review(section, interval_days=30)
    page = make_article("Runbook", parent=section)
    article_services.move_article(article=page, target=None, position="last-child", author=alice)
    review = review_of(page)
    assert review.effective_interval_days is None and review.due_at is None


# --- The owners and review form -------------------------------------------------------------


@pytest.fixture
def form_url(section):
    return f"/wiki/{section.path}/_review/"


def test_an_owner_sets_owners_and_an_interval(client, alice, bob, section, form_url, docs_team):
    client.force_login(alice)
    assert "Review every (days)" in text_of(client.get(form_url))
    response = client.post(
        form_url, {"owners": "alice, bob", "owner_groups": [docs_team.pk], "interval_days": "60"}
    )
    assert response.status_code == 302 and response.url == section.get_absolute_url()
    review = review_of(section)
    assert review.interval_days == 60
    assert review.owner_names == "Alice A., Bob Baker, Docs (group)"
    assert owners(section) == {"alice", "bob", "carol"}


def test_a_moderator_may_change_them_too(client, moderator, section, form_url):
    client.force_login(moderator)
    response = client.post(form_url, {"owners": "moira", "interval_days": "30"})
    assert response.status_code == 302
    assert owners(section) == {"moira"}


def test_someone_else_gets_a_403_that_says_why(client, bob, section, form_url):
    client.force_login(bob)
    response = client.get(form_url)
    assert response.status_code == 403
    assert "Only this article's owners and moderators" in text_of(response)
    assert client.post(form_url, {"owners": "bob"}).status_code == 403
    assert owners(section) == {"alice"}


def test_someone_who_cant_read_it_gets_a_404(client, bob, restricted):
    client.force_login(bob)
    assert client.get(f"/wiki/{restricted.path}/_review/").status_code == 404


@pytest.mark.parametrize(
    "days, message",
    [
        ("0", "between 1 and 3,650 days"),
        ("-5", "between 1 and 3,650 days"),
        ("99999", "between 1 and 3,650 days"),
        ("ninety", "Enter a whole number of days"),
    ],
)
def test_a_zero_or_absurd_interval_is_refused_and_nothing_changes(
    client, alice, section, form_url, days, message
):
    client.force_login(alice)
    response = client.post(form_url, {"owners": "alice", "interval_days": days})
    assert response.status_code == 200
    assert message in text_of(response)
    assert review_of(section).interval_days is None


def test_unknown_people_and_tampered_group_ids_are_refused(client, alice, section, form_url):
    client.force_login(alice)
    response = client.post(form_url, {"owners": "alice nobody"})
    assert "No active person has the username “nobody”." in text_of(response)
    response = client.post(form_url, {"owners": "alice", "owner_groups": ["99999"]})
    assert response.status_code == 200
    assert "Select a valid choice" in text_of(response)
    response = client.post(form_url, {"owners": "alice", "owner_groups": ["Reader"]})
    assert response.status_code == 200
    assert owners(section) == {"alice"}


def test_role_groups_cant_own_articles(client, alice, section, form_url):
    from accounts.models import Role, role_group

    client.force_login(alice)
    response = client.post(
        form_url, {"owners": "alice", "owner_groups": [role_group(Role.EDITOR).pk]}
    )
    assert "Select a valid choice" in text_of(response)


def test_people_who_cant_read_an_article_cant_own_it(client, alice, bob, restricted):
    client.force_login(alice)
    response = client.post(f"/wiki/{restricted.path}/_review/", {"owners": "alice bob"})
    assert "Bob Baker can't read this article, so can't own it." in text_of(response)
    assert owners(restricted) == {"alice"}


def test_an_article_cant_be_left_without_anyone_to_own_it(client, alice, section, form_url):
    client.force_login(alice)
    response = client.post(form_url, {"owners": "", "interval_days": "30"})
    assert "Nobody would own this article" in text_of(response)
    assert owners(section) == {"alice"}
    assert review_of(section).interval_days is None


def test_clearing_a_sub_articles_owners_hands_it_to_the_section(
    client, alice, bob, section, make_article
):
    page = make_article("Deploys", parent=section, author=bob)
    client.force_login(bob)
    response = client.post(f"/wiki/{page.path}/_review/", {"owners": ""})
    assert response.status_code == 302
    assert owners(page) == {"alice"}


def test_articles_that_predate_reviews_get_a_row_when_first_needed(section, alice):
    ArticleReview.objects.filter(pk=section.pk).delete()
    section.refresh_from_db()
    services.vote(article=section, user=alice, helpful=True)
    review = review_of(section)
    assert review.helpful_yes == 1 and review.owner_root_id is None


@pytest.mark.parametrize("days", [0, -1, 3651, 10**9])
def test_the_service_refuses_an_interval_out_of_range_and_changes_nothing(
    alice, section, set_review, days
):
    set_review(section, interval_days=30)
    with pytest.raises(ValidationError, match="between 1 and 3,650 days"):
        services.change_settings(
            article=section, users=[alice], groups=[], interval_days=days, by=alice
        )
    review = review_of(section)
    assert (review.interval_days, review.effective_interval_days) == (30, 30)


def test_the_database_refuses_an_interval_out_of_range_whatever_writes_it(section):
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleReview.objects.filter(pk=section.pk).update(interval_days=0)
    assert review_of(section).interval_days is None


@pytest.mark.parametrize("days", ["0", "99999"])
def test_the_admin_refuses_an_interval_out_of_range_and_changes_nothing(
    client, admin, section, days
):
    client.force_login(admin)
    url = f"/admin/review/articlereview/{section.pk}/change/"
    response = client.post(url, {"owner_users": [section.created_by_id], "interval_days": days})
    assert response.status_code == 200
    assert "Ensure this value is" in text_of(response)
    assert review_of(section).interval_days is None


def test_the_admin_sets_an_interval_for_the_whole_subtree(
    client, admin, alice, section, make_article
):
    page = make_article("Deploys", parent=section)
    client.force_login(admin)
    url = f"/admin/review/articlereview/{section.pk}/change/"
    response = client.post(url, {"owner_users": [alice.pk], "interval_days": "45"})
    assert response.status_code == 302
    assert review_of(page).effective_interval_days == 45


def test_the_admin_refuses_to_leave_an_article_without_owners_as_a_form_error(
    client, admin, section
):
    client.force_login(admin)
    url = f"/admin/review/articlereview/{section.pk}/change/"
    response = client.post(url, {"owner_users": [], "interval_days": "30"})
    assert response.status_code == 200  # the form again, not "changed successfully"
    assert "Nobody would own this article" in text_of(response)
    review = review_of(section)
    assert review.has_owners and review.interval_days is None
