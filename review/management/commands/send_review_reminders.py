from django.core.management.base import BaseCommand

from review.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Tell owners about articles that fell due for review, send the weekly digests of "
        "overdue articles, and write pending page views. Safe to run often (cron: every hour)."
    )

    def handle(self, *args, **options):
        run = send_reminders()
        self.stdout.write(
            f"Due notices: {run.due_notified}; weekly digests: {run.digests}; "
            f"page views written: {run.views_written}."
        )
