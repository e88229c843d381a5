from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        import reversion

        from articles.models import Article

        # Only content fields: reverting must never overwrite mptt's tree fields.
        if not reversion.is_registered(Article):
            reversion.register(Article, fields=["title", "slug", "body"])
