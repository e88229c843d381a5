"""The scheduled work as django-tasks tasks, for deployments that schedule through the worker
(``manage.py db_worker``) instead of cron. Same functions as the commands; see docs/review.md.
"""

from django_tasks import task

from review import pageviews
from review.reminders import send_reminders


@task()
def send_review_reminders():
    """``manage.py send_review_reminders``: due notices, weekly digests, pending page views."""
    run = send_reminders()
    return {"due_notified": run.due_notified, "digests": run.digests, "views": run.views_written}


@task()
def flush_page_views():
    """``manage.py flush_page_views``: write the page views counted in the cache."""
    return pageviews.flush_all()
