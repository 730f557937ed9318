"""Signals other apps listen to, so frameworks need not know them (dependencies run one way)."""

from django.dispatch import Signal

# Sent inside the import's save transaction, once per saved table, with `framework` and `tasks`
# (the tasks created or updated); evidence parses their requirements and recurrences on it.
tasks_imported = Signal()

# Sent inside the deletion's transaction, before a table and everything in it is deleted, with
# `framework`; apps that keep files for it (evidence) schedule their removal on commit.
framework_deleting = Signal()
