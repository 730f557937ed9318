"""Parsing an untrusted table in a child process with a wall-clock and a memory limit.

Whatever a file does to the parser (runs for minutes, allocates gigabytes, crashes it), the caller
gets a parsed table or a :class:`TableReadError` with a Chinese message within ``seconds``; the
process that asked (a background worker) lives on. Linux only (fork, RLIMIT_AS).
"""

import multiprocessing
import os
import resource
import signal
from collections.abc import Mapping

from .errors import TableImportError, TableReadError
from .model import ParsedTable
from .parser import parse_file

PARSE_SECONDS = 60
PARSE_MEMORY_BYTES = 768 * 1024 * 1024
TIMEOUT_MESSAGE = "解析超时（超过 {seconds} 秒），文件过大或结构异常，请只保留任务分解表后再导入"
MEMORY_MESSAGE = "解析所需内存超出限制，文件过大或结构异常，请只保留任务分解表后再导入"
CRASH_MESSAGE = "文件无法解析（结构异常），请用 Word/Excel 打开后另存为 .docx/.xlsx 再导入"


def parse_file_bounded(data: bytes, filename: str, corrections: Mapping[str, str] = {}, *,
                       seconds: float = PARSE_SECONDS, memory_bytes: int = PARSE_MEMORY_BYTES) -> ParsedTable:
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, data, filename, dict(corrections), memory_bytes),
                            daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise TableReadError(TIMEOUT_MESSAGE.format(seconds=round(seconds)))
        outcome, payload = receiver.recv()
    except EOFError as error:  # the child died: killed for its memory, or crashed in C code
        child.join(5)
        raise TableReadError(MEMORY_MESSAGE if child.exitcode == -signal.SIGKILL else CRASH_MESSAGE) from error
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if outcome == "refused":
        raise TableReadError(payload)
    return payload


def _context():
    """Forked children: nothing to import again and the caller's modules ready. The caller is the
    background worker, one thread; forking a threaded web server works too but Python warns."""
    return multiprocessing.get_context("fork")


def _child(sender, data: bytes, filename: str, corrections: dict[str, str], memory_bytes: int) -> None:
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = _address_space_bytes() + memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
        try:
            sender.send(("parsed", parse_file(data, filename, corrections)))
        except TableImportError as error:
            sender.send(("refused", error.message))
        except MemoryError:
            sender.send(("refused", MEMORY_MESSAGE))
        except Exception:  # a parser bug on hostile input must still answer the user
            sender.send(("refused", CRASH_MESSAGE))
    finally:
        # No interpreter shutdown in a forked copy of the caller: its atexit hooks and open
        # connections belong to the parent.
        os._exit(0)


def _address_space_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()
