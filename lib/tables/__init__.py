"""Importing task decomposition tables (任务分解表) from .docx, .xlsx and extracted .txt files.

``read_blocks`` turns a file into paragraphs and tables of cells with merges resolved;
``parse_blocks`` / ``parse_file`` turn those into sections and tasks. Pure Python, no Django.
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
