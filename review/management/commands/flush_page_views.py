from django.core.management.base import BaseCommand

from review import pageviews


class Command(BaseCommand):
    help = (
        "Write the page views counted in the cache to the database (per article per day). "
        "Web processes already do it after responses; this catches idle periods. Safe to run "
        "often (cron: every 10 minutes)."
    )

    def handle(self, *args, **options):
        written = pageviews.flush_all()
        self.stdout.write(f"Page views written: {written}.")
