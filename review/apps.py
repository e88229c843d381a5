from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "Review and feedback"

    def ready(self):
        from django.core.signals import request_finished

        from review import pageviews

        # After each response has gone out, flush page-view counts that are ready (at most
        # once every few minutes per process; see review/pageviews.py).
        request_finished.connect(pageviews.flush_after_response, dispatch_uid="review-pageviews")
