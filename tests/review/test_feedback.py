"""Reader feedback: "Was this helpful?" (one changeable vote per person, counts shown, voters
never) and "Report outdated or wrong" (owners told, shown to owners and moderators)."""

import pytest
from django.core import mail

from notifications.models import Notification
from review import services
from review.models import HelpfulVote, OutdatedReport
from tests.conftest import make_user
from tests.review.conftest import review_of, text_of


@pytest.fixture
def vote_url(section):
    return f"/wiki/{section.path}/_helpful/"


@pytest.fixture
def report_url(section):
    return f"/wiki/{section.path}/_report/"


def test_a_reader_votes_and_sees_the_count_without_javascript(client, bob, section, vote_url):
    client.force_login(bob)
    response = client.post(vote_url, {"helpful": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == section.get_absolute_url()
    page = text_of(response)
    assert "Thanks for your feedback." in page
    assert "1 of 1 reader found this helpful" in page
    assert 'value="yes" aria-pressed="true"' in response.content.decode()


def test_one_vote_per_person_which_they_can_change(client, bob, section, vote_url):
    client.force_login(bob)
    client.post(vote_url, {"helpful": "yes"})
    response = client.post(vote_url, {"helpful": "yes"}, follow=True)
    assert "That was already your answer." in text_of(response)
    client.post(vote_url, {"helpful": "no"})
    review = review_of(section)
    assert (review.helpful_yes, review.helpful_no) == (0, 1)
    assert HelpfulVote.objects.count() == 1


def test_counts_add_up_across_readers(client, alice, bob, carol, section, vote_url):
    for person, answer in [(alice, "yes"), (bob, "yes"), (carol, "no")]:
        client.force_login(person)
        client.post(vote_url, {"helpful": answer})
    assert "2 of 3 readers found this helpful" in text_of(client.get(section.get_absolute_url()))


def test_who_voted_is_never_shown(client, alice, section, vote_url):
    voter = make_user("zebedee", display_name="Zebedee Quill")
    client.force_login(voter)
    client.post(vote_url, {"helpful": "no"})
    client.force_login(alice)  # the owner
    page = client.get(section.get_absolute_url()).content.decode()
    assert "Zebedee" not in page and "zebedee" not in page


def test_a_bad_answer_changes_nothing(client, bob, section, vote_url):
    client.force_login(bob)
    response = client.post(vote_url, {"helpful": "maybe"}, follow=True)
    assert "Choose Yes or No" in text_of(response)
    assert HelpfulVote.objects.count() == 0


def test_feedback_on_an_article_one_cant_read_is_a_404(client, bob, restricted):
    client.force_login(bob)
    assert client.post(f"/wiki/{restricted.path}/_helpful/", {"helpful": "yes"}).status_code == 404
    assert client.post(f"/wiki/{restricted.path}/_report/", {"note": "x"}).status_code == 404
    assert client.get(f"/wiki/{restricted.path}/_report/").status_code == 404
    assert HelpfulVote.objects.count() == OutdatedReport.objects.count() == 0


def test_a_report_notifies_the_owners_and_shows_to_them(
    client, alice, bob, section, report_url, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(report_url, {"note": "The VPN host moved."}, follow=True)
    assert "the article's owners have been told" in text_of(response)
    assert "You reported this article as outdated or wrong" in text_of(response)
    assert "The VPN host moved." not in text_of(response)  # reports show to owners only

    notification = Notification.objects.get(recipient=alice)
    assert notification.kind == "outdated_report"
    assert notification.summary == (
        "Bob Baker reported “Engineering” as outdated or wrong: The VPN host moved."
    )
    (email,) = mail.outbox
    assert email.to == ["alice@example.com"]
    assert "Bob Baker reported “Engineering” as outdated or wrong" in email.subject

    client.force_login(alice)
    page = text_of(client.get(section.get_absolute_url()))
    assert "1 open report that this is outdated or wrong" in page
    assert "Bob Baker" in page and "The VPN host moved." in page


def test_a_report_without_a_note_still_says_what_happened(alice, bob, section):
    services.report_outdated(article=section, user=bob, note="  ")
    notification = Notification.objects.get(recipient=alice)
    assert notification.summary == "Bob Baker reported “Engineering” as outdated or wrong"


def test_moderators_see_open_reports_too(client, moderator, bob, section):
    services.report_outdated(article=section, user=bob, note="Wrong port")
    client.force_login(moderator)
    assert "Wrong port" in text_of(client.get(section.get_absolute_url()))


def test_one_open_report_per_person(client, bob, section, report_url):
    client.force_login(bob)
    client.post(report_url, {"note": "first"})
    response = client.post(report_url, {"note": "second"}, follow=True)
    assert "You have already reported this article" in text_of(response)
    assert list(OutdatedReport.objects.values_list("note", flat=True)) == ["first"]
    assert review_of(section).open_reports == 1


def test_after_a_report_is_closed_the_same_person_may_report_again(alice, bob, section):
    services.report_outdated(article=section, user=bob)
    services.verify(article=section, by=alice)
    services.report_outdated(article=section, user=bob, note="Wrong again")
    assert OutdatedReport.objects.open().count() == 1
    assert review_of(section).open_reports == 1


def test_the_report_page_works_without_javascript_and_limits_the_note(
    client, bob, section, report_url
):
    client.force_login(bob)
    assert "What is outdated or wrong?" in text_of(client.get(report_url))
    response = client.post(report_url, {"note": "x" * 2001})
    assert response.status_code == 200
    assert "at most 2000 characters" in text_of(response)
    assert OutdatedReport.objects.count() == 0


def test_a_flood_of_votes_from_one_person_counts_once(client, bob, section, vote_url):
    client.force_login(bob)
    for answer in ["yes", "no", "yes", "yes", "no", "no", "yes"] * 5:
        client.post(vote_url, {"helpful": answer})
    review = review_of(section)
    assert (review.helpful_yes, review.helpful_no) == (1, 0)
    assert HelpfulVote.objects.count() == 1


def test_a_flood_of_reports_is_one_open_report_and_one_notification(
    client, alice, bob, section, report_url, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(10):
            client.post(report_url, {"note": f"Report {number}"})
    assert list(OutdatedReport.objects.values_list("note", flat=True)) == ["Report 0"]
    assert review_of(section).open_reports == 1
    assert Notification.objects.filter(recipient=alice).count() == 1
    assert len(mail.outbox) == 1


def test_a_vote_or_report_on_an_article_one_cant_read_says_not_found(client, bob, restricted):
    client.force_login(bob)
    response = client.post(f"/wiki/{restricted.path}/_helpful/", {"helpful": "yes"})
    assert "We couldn't find that page" in text_of(response)
    assert "Secret plans" not in text_of(response)
