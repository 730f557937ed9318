"""Running the background worker inside a test."""

from django.core.management import call_command


def run_worker() -> None:
    """Run every queued task once, as `manage.py db_worker` does. The worker closes its database
    connection when done, which ends a test's transaction on PostgreSQL: tests that call this are
    marked `django_db(transaction=True)`."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
