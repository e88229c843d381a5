"""seed_demo leaves the review features visible: owners, intervals, one overdue article with
an open report, and page views; a second run changes nothing."""

from io import StringIO

from django.core.management import call_command

from review.models import ArticleReview, ArticleViewDay, OutdatedReport


def test_the_demo_has_owners_an_overdue_article_and_a_report(db):
    call_command("seed_demo", stdout=StringIO())
    runbook = ArticleReview.objects.get(article__path="engineering/deploy-runbook")
    assert runbook.is_overdue
    assert runbook.owner_names == "Alice Archer, Bob Baker"
    assert OutdatedReport.objects.open().filter(article_id=runbook.pk).count() == 1
    assert ArticleReview.objects.get(article__path="handbook").interval_days == 365
    assert ArticleViewDay.objects.filter(article_id=runbook.pk).count() == 30

    call_command("seed_demo", stdout=StringIO())
    assert OutdatedReport.objects.count() == 1
