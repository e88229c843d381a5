"""``python manage.py seed_demo``: demo people and a demo knowledge base, safe to run again.

The demo articles go through ``articles.services`` exactly as if people had typed them, so
revisions, links and rendered HTML are what users get. ``--articles N`` adds a large generated
corpus through ``articles.bulk`` for scale tests.
"""

import os
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from reversion.models import Revision

from articles import bulk, services
from articles.demo_content import (
    ADMIN,
    ADMIN_USERNAME,
    DEFAULT_ADMIN_PASSWORD,
    DEMO_ARTICLES,
    EMPLOYEE_PASSWORD,
    EMPLOYEES,
)
from articles.models import Article, ArticleRedirect, ArticleRevision, Tag
from review.demo import seed_review_demo

DEFAULT_SEED = 1337
SITE_URL = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = (
        "Create demo users and a demo knowledge base (about 45 articles with history). "
        "Running it again adds only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin-password",
            help=f"Password for a new '{ADMIN_USERNAME}' user (default: {DEFAULT_ADMIN_PASSWORD}).",
        )
        parser.add_argument(
            "--articles",
            type=int,
            default=0,
            metavar="N",
            help="Also generate a corpus of N articles in 20 'Corpus: …' sections for scale "
            "tests (fast bulk load; tops up a smaller corpus from an earlier run).",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Seed for the generated corpus."
        )
        parser.add_argument("--batch-size", type=int, default=bulk.BATCH_SIZE, metavar="N")
        parser.add_argument(
            "--workers",
            type=int,
            # One writer keeps up with about this many renderers; more would only sit idle.
            default=min(8, os.cpu_count() or 1),
            metavar="N",
            help="Processes rendering the corpus (default: one per CPU, at most 8).",
        )

    def handle(self, *args, admin_password, articles, seed, batch_size, workers, **options):
        self.verbosity = options["verbosity"]
        if articles < 0 or batch_size < 1 or workers < 1:
            raise CommandError("--articles, --batch-size and --workers must be positive.")
        password = admin_password or DEFAULT_ADMIN_PASSWORD
        if admin_password:
            try:
                validate_password(admin_password)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None

        users = self.seed_users(password)
        self.seed_articles(users)
        seed_review_demo(users, stdout=self.stdout)
        if articles:
            self.seed_corpus(articles, users, seed=seed, batch_size=batch_size, workers=workers)
        self.print_logins(users[ADMIN_USERNAME], password, users[EMPLOYEES[0]["username"]])

    # --- People --------------------------------------------------------------------------------

    def seed_users(self, admin_password):
        User = get_user_model()
        users, created = {}, []
        for profile, password, is_admin in [(ADMIN, admin_password, True)] + [
            (employee, EMPLOYEE_PASSWORD, False) for employee in EMPLOYEES
        ]:
            username = profile["username"]
            user = User.objects.filter(username=username).first()
            if user is None:
                fields = {key: value for key, value in profile.items() if key != "username"}
                user = User.objects.create_user(
                    username=username,
                    email=f"{username}@fernhill.example",
                    password=password,
                    is_staff=is_admin,
                    is_superuser=is_admin,
                    **fields,
                )
                created.append(username)
            users[username] = user
        if created:
            self.stdout.write(f"Created users: {', '.join(created)}.")
        else:
            self.stdout.write("Demo users already exist; left unchanged.")
        return users

    # --- The demo knowledge base ---------------------------------------------------------------

    def seed_articles(self, users):
        now = timezone.now()
        created = skipped = 0
        present = _already_there([spec.path for spec in DEMO_ARTICLES])
        for index, spec in enumerate(DEMO_ARTICLES):
            if spec.path in present:
                skipped += 1
                continue
            parent = None
            if spec.parent_path:
                parent = Article.objects.live().filter(path=spec.parent_path).first()
                if parent is None:
                    self.stderr.write(f"Skipped {spec.path}: its parent is gone.")
                    continue
            # A fixed time of day per article, so the history doesn't show 45 identical times.
            created_at = (now - timedelta(days=spec.days_ago)).replace(
                hour=8 + index % 9, minute=index * 7 % 60, second=0, microsecond=0
            )
            _create_with_history(spec, parent, users, created_at)
            created += 1
        revisions = sum(1 + len(spec.edits) for spec in DEMO_ARTICLES)
        if created:
            self.stdout.write(
                f"Created {created} demo articles ({revisions} revisions in all)"
                + (f"; {skipped} were already there." if skipped else ".")
            )
        else:
            self.stdout.write(f"The {skipped} demo articles are already there; left unchanged.")

    # --- The generated corpus ------------------------------------------------------------------

    def seed_corpus(self, count, users, *, seed, batch_size, workers):
        self.stdout.write(f"Generating a corpus of {count:,} articles (seed {seed})…")
        last_shown = 0

        def progress(done, total, seconds):
            nonlocal last_shown
            # About ten lines however big the corpus.
            if done - last_shown >= total / 10 or done >= total:
                last_shown = done
                rate = done / seconds if seconds else 0
                self.stdout.write(f"  {done:>9,} / {total:,} articles  ({rate:,.0f} articles/s)")

        try:
            result = bulk.load_corpus(
                count,
                authors=[users[employee["username"]] for employee in EMPLOYEES],
                section_author=users[ADMIN_USERNAME],
                seed=seed,
                batch_size=batch_size,
                workers=workers,
                progress=progress if self.verbosity >= 1 else None,
            )
        except bulk.CorpusError as exc:
            raise CommandError(str(exc)) from None
        if result.skipped:
            self.stdout.write(
                f"The corpus already has {result.existing:,} articles "
                f"(asked for {count:,}); nothing to do."
            )
        else:
            # Fresh statistics: without them both databases pick plans ~20x slower after a
            # bulk load (autovacuum would catch up only later; SQLite never does by itself).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Corpus: added {result.created:,} articles in {result.seconds:,.1f} s "
                    f"({result.rate:,.0f} articles/s); it now has "
                    f"{result.existing + result.created:,}."
                )
            )

    # --- The summary people read ---------------------------------------------------------------

    def print_logins(self, admin, admin_password, employee):
        def shown(user, password):
            if user.check_password(password):
                return password
            return "(unchanged: it was set before this run)"

        names = ", ".join(e["username"] for e in EMPLOYEES)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Lore demo is ready: {SITE_URL}"))
        self.stdout.write(f"  Admin:     {admin.username} / {shown(admin, admin_password)}")
        self.stdout.write(f"  Employees: {names} / {shown(employee, EMPLOYEE_PASSWORD)}")
        self.stdout.write(
            "  These are published demo passwords: change them before anyone else can reach "
            "this site."
        )


def _already_there(paths):
    """Those of ``paths`` that are present, in the trash, or moved away (the old address
    redirects): seed_demo leaves them be."""
    articles = Article.objects.filter(path__in=paths).values_list("path", flat=True)
    moved = ArticleRedirect.objects.filter(old_path__in=paths).values_list("old_path", flat=True)
    return set(articles) | set(moved)


def _create_with_history(spec, parent, users, created_at):
    with transaction.atomic():
        article = services.create_article(
            title=spec.title,
            body=spec.body,
            author=users[spec.author],
            parent=parent,
            slug=spec.slug,
            tags=Tag.parse_list(", ".join(spec.tags)),
        )
        _backdate(article, created_at, first=True)
        for edit, (title, body) in zip(spec.edits, spec.revisions(), strict=True):
            article = services.edit_article(
                article=article,
                base_revision=article.revision_number,
                title=title,
                body=body,
                author=users[edit.author],
                summary=edit.summary,
            ).article
            _backdate(article, created_at + timedelta(days=edit.days_later, hours=1))


def _backdate(article, when, first=False):
    """Move the latest revision (and the article's timestamps) into the past, so the demo's
    history reads like months of work rather than one second."""
    revision_id = ArticleRevision.objects.get(
        article=article, number=article.revision_number
    ).revision_id
    Revision.objects.filter(pk=revision_id).update(date_created=when)
    stamps = {"updated_at": when}
    if first:
        stamps["created_at"] = when
    Article.objects.filter(pk=article.pk).update(**stamps)
