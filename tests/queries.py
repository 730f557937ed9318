"""Helpers for tests that look at the SQL a request sends."""

import re

# The idle timeout (SESSION_SAVE_EVERY_REQUEST) renews the session row on every request, reads included.
SESSION_TABLE = "django_session"

_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"\[]?(\w+)', re.IGNORECASE)


def writes(queries, *, ignore=(SESSION_TABLE,)) -> list[str]:
    """The INSERT, UPDATE and DELETE statements among captured queries (a CaptureQueriesContext or its
    captured_queries), except those on the `ignore` tables: by default only the session renewal."""
    found = []
    for query in getattr(queries, "captured_queries", queries):
        match = _WRITE.match(query["sql"])
        if match and match.group(1).lower() not in ignore:
            found.append(query["sql"])
    return found
