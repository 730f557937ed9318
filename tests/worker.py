"""Running the background worker inside a test."""

from django.core.management import call_command


def run_worker(queues: str = "*") -> None:
    """Run every task queued on ``queues`` once, as `manage.py db_worker` does. The worker closes its
    database connection when done, which ends a test's transaction on PostgreSQL: tests that call
    this are marked `django_db(transaction=True)`."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", queues, verbosity=0)
