"""Signals other apps listen to, so frameworks need not know them (dependencies run one way)."""

from django.dispatch import Signal

# Sent inside the import's save transaction, once per saved table, with `framework` and `tasks`
# (the tasks created or updated); evidence parses their requirements and recurrences on it.
tasks_imported = Signal()
