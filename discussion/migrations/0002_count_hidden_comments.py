from django.db import migrations
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_hidden_comments(apps, schema_editor):
    """Articles.hidden_comment_count for the comments hidden before it existed."""
    Article = apps.get_model("articles", "Article")
    Comment = apps.get_model("discussion", "Comment")
    hidden = (
        Comment.objects.filter(
            article=OuterRef("pk"), hidden_at__isnull=False, deleted_at__isnull=True
        )
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    with_hidden = Comment.objects.filter(hidden_at__isnull=False, deleted_at__isnull=True)
    Article.objects.filter(pk__in=with_hidden.values("article")).update(
        hidden_comment_count=Coalesce(Subquery(hidden), 0)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0001_initial"),
        ("articles", "0006_article_hidden_comment_count"),
    ]

    operations = [migrations.RunPython(count_hidden_comments, migrations.RunPython.noop)]
