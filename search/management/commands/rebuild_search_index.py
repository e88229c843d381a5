"""``python manage.py rebuild_search_index``: recompute every article's search document.

Safe while people use the site: each batch is its own transaction and replaces documents in
place, so search keeps answering (from old or new documents) throughout.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from search.indexing import BATCH_SIZE, reindex_all


class Command(BaseCommand):
    help = "Rebuild the full-text search index from the articles."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, metavar="N")

    def handle(self, *args, batch_size, verbosity, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be positive.")
        started = time.perf_counter()

        def progress(done):
            if verbosity >= 2:
                self.stdout.write(f"  {done:,} articles indexed")

        count = reindex_all(batch_size=batch_size, progress=progress)
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Indexed {count:,} articles in {seconds:,.1f} s."))
