"""The reminders as a django-tasks task, for deployments that schedule through the worker
(``manage.py db_worker``) instead of cron. Same function as the command."""

from django_tasks import task

from review.reminders import send_reminders


@task()
def send_review_reminders():
    run = send_reminders()
    return {"due_notified": run.due_notified, "digests": run.digests, "views": run.views_written}
