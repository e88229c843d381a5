from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        import reversion

        from articles.models import Article

        # Only content fields: reverting must never overwrite mptt's tree fields. Tags are
        # recorded so an edit from an older revision knows which tags it started from.
        if not reversion.is_registered(Article):
            reversion.register(Article, fields=["title", "slug", "body", "tags"])
