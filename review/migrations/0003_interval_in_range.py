import django.core.validators
from django.db import migrations, models


def clamp_intervals(apps, schema_editor):
    """Before the constraint: bring any interval stored out of range (through the admin, which
    had no limits) back within 1 to 3,650 days."""
    ArticleReview = apps.get_model("review", "ArticleReview")
    ArticleReview.objects.filter(interval_days__lt=1).update(interval_days=1)
    ArticleReview.objects.filter(interval_days__gt=3650).update(interval_days=3650)


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0002_backfill_existing_articles"),
    ]

    operations = [
        migrations.RunPython(clamp_intervals, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="articlereview",
            name="interval_days",
            field=models.PositiveIntegerField(
                blank=True,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(3650),
                ],
                verbose_name="review every (days)",
            ),
        ),
        migrations.AddConstraint(
            model_name="articlereview",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("interval_days__isnull", True),
                    models.Q(("interval_days__gte", 1), ("interval_days__lte", 3650)),
                    _connector="OR",
                ),
                name="review_interval_in_range",
            ),
        ),
    ]
