from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        import reversion
        from django.core.signals import got_request_exception, request_finished, request_started

        from articles import access

        request_started.connect(access.request_started, dispatch_uid="articles-access-request")
        request_finished.connect(access.request_finished, dispatch_uid="articles-access-done")
        got_request_exception.connect(access.request_finished, dispatch_uid="articles-access-err")

        from articles.models import Article

        # Only content fields: reverting must never overwrite mptt's tree fields. Tags are
        # recorded so an edit from an older revision knows which tags it started from.
        if not reversion.is_registered(Article):
            reversion.register(Article, fields=["title", "slug", "body", "tags"])
