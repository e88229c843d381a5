"""Verifying an article: only its owners may, without an edit; an owner's edit counts too;
both close open reports and move the due date on."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles import services as article_services
from review import services
from review.models import OutdatedReport
from tests.review.conftest import make_overdue, review_of, text_of


def edit(article, author, body="New text.\n"):
    article.refresh_from_db()
    return article_services.edit_article(
        article=article,
        base_revision=article.revision_number,
        title=article.title,
        body=body,
        author=author,
    )


def test_an_owner_verifies_without_editing(client, alice, section, set_review):
    set_review(section, interval_days=30)
    make_overdue(section)
    client.force_login(alice)
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        response = client.post(f"/wiki/{section.path}/_verify/", follow=True)
        assert "marked as verified today" in text_of(response)
        review = review_of(section)
        assert review.last_verified_by == alice
        assert review.last_verified_at == timezone.now()
        assert review.due_at == timezone.now() + timedelta(days=30)
        assert not review.is_overdue
    section.refresh_from_db()
    assert section.revision_number == 1  # no edit was needed


def test_members_of_an_owner_group_may_verify(client, carol, docs_team, section, set_review):
    set_review(section, users=[], groups=[docs_team])
    client.force_login(carol)
    assert client.post(f"/wiki/{section.path}/_verify/").status_code == 302
    assert review_of(section).last_verified_by == carol


def test_a_non_owner_gets_a_403_that_says_why_and_nothing_changes(
    client, bob, carol, section, set_review
):
    set_review(section, interval_days=30)
    before = make_overdue(section)
    services.report_outdated(article=section, user=carol, note="Old")
    client.force_login(bob)
    response = client.post(f"/wiki/{section.path}/_verify/")
    assert response.status_code == 403
    assert "Only this article's owners can verify it" in text_of(response)
    after = review_of(section)
    assert (after.last_verified_at, after.last_verified_by, after.due_at) == (
        before.last_verified_at,
        before.last_verified_by,
        before.due_at,
    )
    assert after.is_overdue and after.open_reports == 1
    assert OutdatedReport.objects.open().count() == 1


def test_a_moderator_who_doesnt_own_it_cant_verify_it_either(client, moderator, section):
    client.force_login(moderator)
    assert client.post(f"/wiki/{section.path}/_verify/").status_code == 403


def test_verifying_an_article_one_cant_read_is_a_404(client, bob, restricted):
    client.force_login(bob)
    assert client.post(f"/wiki/{restricted.path}/_verify/").status_code == 404


def test_verifying_takes_a_post(client, alice, section):
    client.force_login(alice)
    assert client.get(f"/wiki/{section.path}/_verify/").status_code == 405


@pytest.mark.parametrize("how", ["edit", "revert"])
def test_an_owners_edit_counts_as_verification(alice, bob, section, set_review, how):
    set_review(section, interval_days=30)
    make_overdue(section)
    edit(section, bob, "Bob's text.\n")
    assert review_of(section).is_overdue  # bob doesn't own it

    if how == "edit":
        edit(section, alice)
    else:
        article_services.revert_article(article=section, number=1, author=alice)
    review = review_of(section)
    assert not review.is_overdue
    assert review.last_verified_by == alice


def test_a_rename_or_move_by_an_owner_is_not_a_verification(alice, section, set_review):
    set_review(section, interval_days=30)
    make_overdue(section)
    section.refresh_from_db()
    article_services.edit_article(
        article=section, base_revision=1, title="Engineering team", body=section.body, author=alice
    )
    assert review_of(section).is_overdue


def test_verifying_or_an_owners_edit_closes_open_reports(alice, bob, carol, section):
    services.report_outdated(article=section, user=bob, note="Old URL")
    services.report_outdated(article=section, user=carol)
    assert review_of(section).open_reports == 2

    services.verify(article=section, by=alice)
    assert OutdatedReport.objects.open().count() == 0
    assert set(OutdatedReport.objects.values_list("closed_by__username", flat=True)) == {"alice"}
    assert review_of(section).open_reports == 0

    services.report_outdated(article=section, user=bob, note="Still old")
    edit(section, alice)
    assert OutdatedReport.objects.open().count() == 0


def test_a_non_owners_edit_leaves_reports_open(bob, carol, section):
    services.report_outdated(article=section, user=carol)
    edit(section, bob)
    assert OutdatedReport.objects.open().count() == 1
