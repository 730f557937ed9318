"""Errors raised while importing a task table; messages are shown to users as they are."""

# A task table has a few thousand cells; anything far beyond is not one, and costs memory to read.
MAX_CELLS = 200_000
TOO_MANY_CELLS = f"文件中的单元格过多（超过 {MAX_CELLS:,} 个），不像任务分解表，请只保留分解表后再导入"


class TableImportError(Exception):
    """Base class: the file cannot be imported. ``str(error)`` is a Simplified-Chinese message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TableReadError(TableImportError):
    """The file itself cannot be read (empty, encrypted, damaged, unsupported, no table)."""


class TableParseError(TableImportError):
    """The file was read but a table cannot be understood as a task table."""
