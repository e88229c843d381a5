"""Give every article that existed before reviews a review row: owned by its creator (as new
articles are), last checked at its last edit, no review interval yet."""

from django.db import migrations

BATCH = 2000


def name_of(user):
    full = f"{user.first_name} {user.last_name}".strip()
    return user.display_name or full or user.username


def backfill(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    ArticleReview = apps.get_model("review", "ArticleReview")
    User = apps.get_model("accounts", "User")
    Owner = ArticleReview.owner_users.through
    names = {user.pk: name_of(user) for user in User.objects.all()}
    done = set(ArticleReview.objects.values_list("pk", flat=True))
    rows = Article.objects.values_list("pk", "created_by_id", "updated_at").order_by("pk")
    batch = []

    def write():
        ArticleReview.objects.bulk_create(
            ArticleReview(
                article_id=pk,
                has_owners=True,
                owner_root_id=pk,
                owner_names=names.get(creator, "")[:500],
                last_verified_at=updated_at,
            )
            for pk, creator, updated_at in batch
        )
        Owner.objects.bulk_create(
            Owner(articlereview_id=pk, user_id=creator) for pk, creator, _ in batch
        )
        batch.clear()

    for row in rows.iterator(chunk_size=BATCH):
        if row[0] not in done:
            batch.append(row)
        if len(batch) >= BATCH:
            write()
    if batch:
        write()


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
        ("articles", "0003_article_comment_count"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
