"""Errors raised while importing a task table; messages are shown to users as they are."""


class TableImportError(Exception):
    """Base class: the file cannot be imported. ``str(error)`` is a Simplified-Chinese message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TableReadError(TableImportError):
    """The file itself cannot be read (empty, encrypted, damaged, unsupported, no table)."""


class TableParseError(TableImportError):
    """The file was read but a table cannot be understood as a task table."""
