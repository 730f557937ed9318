"""One safe way to open the ZIP container of an Office file (DOCX, XLSX) before a parser inflates it.

Declared sizes in a ZIP directory are written by whoever made the file, so they prove nothing: every
member is inflated here in bounded chunks and the real bytes are counted, against a total, a
per-member compression ratio and a member count. Office XML never carries a document type
declaration, so a member with ``<!DOCTYPE`` or ``<!ENTITY`` (billion laughs, external entities) is
refused as well. Pure Python, no Django.
"""

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO

_CHUNK_BYTES = 64 * 1024
# A DTD marker split across two chunks is still seen: each chunk is searched with the tail of the last.
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_MARKER_OVERLAP = max(len(marker) for marker in _DTD_MARKERS) - 1
_XML_SUFFIXES = (".xml", ".rels", ".vml")

BOMB_MESSAGE = "文件解压后体积异常，疑似恶意文件（压缩炸弹），已拒绝处理"
TOO_MANY_MEMBERS_MESSAGE = "文件内部条目过多，疑似恶意文件，已拒绝处理"
DTD_MESSAGE = "文件含有不允许的 XML 实体声明，疑似恶意文件，已拒绝处理"
DAMAGED_MESSAGE = "文件已损坏，无法解压读取"
NOT_ZIP_MESSAGE = "文件不是有效的 Office 文档"


class ArchiveError(Exception):
    """The archive is refused; ``str(error)`` is a Simplified-Chinese message for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    max_members: int = 10_000
    max_total_bytes: int = 200 * 1024 * 1024
    # Real DOCX/XLSX parts compress below ~30:1; deflate bombs reach ~1000:1. Members under the
    # floor are too small to hurt whatever their ratio.
    max_ratio: int = 100
    ratio_floor_bytes: int = 1024 * 1024


def check_office_zip(source: bytes | BinaryIO, limits: ArchiveLimits = ArchiveLimits()) -> None:
    """Raise :class:`ArchiveError` unless every member inflates within ``limits``.

    A file object is read from its start and left at its start for the parser that follows.
    Time and memory are bounded by ``limits.max_total_bytes`` and the chunk size.
    """
    fileobj = io.BytesIO(source) if isinstance(source, bytes) else source
    fileobj.seek(0, io.SEEK_END)
    archive_bytes = fileobj.tell()
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            if len(members) > limits.max_members:
                raise ArchiveError(TOO_MANY_MEMBERS_MESSAGE)
            # The cheap refusal first: a directory that admits to a bomb is not inflated at all.
            if sum(member.file_size for member in members) > limits.max_total_bytes:
                raise ArchiveError(BOMB_MESSAGE)
            budget = limits.max_total_bytes
            for member in members:
                budget -= _inflate_counting(archive, member, budget, archive_bytes, limits)
    except ArchiveError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, NotImplementedError,
            RuntimeError, OSError) as error:  # truncated, CRC mismatch, unknown method, encrypted member
        raise ArchiveError(DAMAGED_MESSAGE if zipfile.is_zipfile(fileobj) else NOT_ZIP_MESSAGE) from error
    finally:
        fileobj.seek(0)


def _inflate_counting(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: int, archive_bytes: int,
                      limits: ArchiveLimits) -> int:
    """Real inflated size of one member; refuses as soon as a limit is passed."""
    # A lying compressed size cannot make the ratio look harmless: the archive holds no more than itself.
    compressed = max(1, min(member.compress_size, archive_bytes))
    checks_dtd = member.filename.lower().endswith(_XML_SUFFIXES)
    inflated = 0
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK_BYTES):
            inflated += len(chunk)
            if inflated > budget or (
                inflated > limits.ratio_floor_bytes and inflated > limits.max_ratio * compressed
            ):
                raise ArchiveError(BOMB_MESSAGE)
            if checks_dtd:
                window = tail + chunk
                if any(marker in window for marker in _DTD_MARKERS):
                    raise ArchiveError(DTD_MESSAGE)
                tail = window[-_MARKER_OVERLAP:]
    return inflated
