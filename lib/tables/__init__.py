"""Importing task decomposition tables (任务分解表) from .docx, .xlsx, .xls, older office files and
extracted .txt files, in stages that hand over plain data:

read (``read_blocks``: paragraphs and tables of cells, merges resolved, archives checked) → classify
headers (``columns``: a scored guess per column) → apply the mapping (guess or the coordinator's
corrections by header text) → parse rows into sections and tasks (``parse_blocks`` / ``parse_file``;
``bounded.parse_file_bounded`` runs it all in a child process with time and memory limits).
Pure Python, no Django.
"""

from .errors import TableImportError, TableParseError, TableReadError
from .model import (
    Block,
    Cell,
    DeptMention,
    Paragraph,
    ParsedSection,
    ParsedTable,
    ParsedTask,
    Table,
)
from .parser import parse_blocks, parse_file
from .readers import read_blocks

__all__ = [
    "Block",
    "Cell",
    "DeptMention",
    "Paragraph",
    "ParsedSection",
    "ParsedTable",
    "ParsedTask",
    "Table",
    "TableImportError",
    "TableParseError",
    "TableReadError",
    "parse_blocks",
    "parse_file",
    "read_blocks",
]
