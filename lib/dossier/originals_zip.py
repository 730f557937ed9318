"""The originals as a ZIP tree a person browses: 分表 / 任务编号 任务简称 / 科室 / 活动标题 / files,
plus 索引.xlsx (path, task, department, caption, capture time, SHA-256).

Written entry by entry straight to the output file, each file copied in chunks, so neither the
archive nor one original is ever held whole in memory. Python's zipfile sets the UTF-8 flag
(general purpose bit 11) on every non-ASCII name; Windows 10+ Explorer, 7-Zip and WinRAR honour it
and show the Chinese names correctly."""

import hashlib
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO

from isal import isal_zlib
from openpyxl import Workbook

from lib.dossier.names import MAX_FOLDER_CHARS, MAX_PATH_CHARS, UniqueNames, safe_name, without_trailing_punctuation

# zipfile checksums every byte it writes with zlib's CRC-32 (about 3 GB/s here): a third of the
# time of copying the originals. ISA-L's is the same function, twenty times faster. zipfile looks it
# up as a module global, so the swap also speeds up reading (imports, evidence documents).
zipfile.crc32 = isal_zlib.crc32

CHUNK = 1024 * 1024
# Already compressed: deflating them costs time and saves nothing.
STORED_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "zip", "docx", "xlsx", "pptx",
                     "mp4", "mov", "pdf"}
INDEX_NAME = "索引.xlsx"
INDEX_HEADERS = ("路径", "分表", "任务", "科室", "活动", "文件用途", "说明", "拍摄时间", "大小（字节）", "SHA-256")
INDEX_WIDTHS = (70, 12, 14, 12, 30, 12, 40, 17, 13, 66)


@dataclass(frozen=True)
class Original:
    folders: tuple[str, ...]  # 分表, 任务编号 任务简称, 科室, 活动标题
    name: str
    open: Callable[[], BinaryIO]
    # What makes a folder itself, level by level (two activities with the same title are two
    # folders); the names when not given.
    folder_ids: tuple = ()
    section: str = ""
    task: str = ""
    department: str = ""
    activity: str = ""
    role: str = ""
    caption: str = ""
    taken_at: str = ""
    # Known at upload; hashing again would cost more than the copy itself.
    sha256: str = ""
    # The entry's date in the archive (when the photo was taken, else when it was uploaded), local
    # time; None: now.
    modified: tuple[int, int, int, int, int, int] | None = None


def write_originals(out: BinaryIO, originals: Iterable[Original], *,
                    on_file: Callable[[], None] = lambda: None) -> int:
    """Write the archive; returns the number of files. ``out`` must be seekable (a real file)."""
    folder_names: dict[tuple, UniqueNames] = {}
    safe_folders: dict[tuple, str] = {}
    count = 0
    with tempfile.TemporaryFile() as index_file:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("索引")
        for column, width in zip("ABCDEFGHIJ", INDEX_WIDTHS):
            sheet.column_dimensions[column].width = width
        sheet.freeze_panes = "A2"
        sheet.append(INDEX_HEADERS)
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            for original in originals:
                keys = original.folder_ids or original.folders
                folder = _folder_path(original.folders, keys, folder_names, safe_folders)
                room = MAX_PATH_CHARS - len(folder) - 1
                name = folder_names.setdefault(tuple(keys), UniqueNames()).add(original.name, max_chars=room)
                path = f"{folder}/{name}" if folder else name
                size, digest = copy_into(archive, path, original.open, original.sha256, original.modified)
                sheet.append((path, original.section, original.task, original.department, original.activity,
                              original.role, original.caption, original.taken_at, size, digest))
                count += 1
                on_file()
            sheet.auto_filter.ref = f"A1:J{count + 1}"
            workbook.save(index_file)
            index_file.seek(0)
            with archive.open(INDEX_NAME, "w") as target:
                while chunk := index_file.read(CHUNK):
                    target.write(chunk)
    return count


def _folder_path(folders: tuple[str, ...], keys: tuple, names: dict[tuple, UniqueNames],
                 done: dict[tuple, str]) -> str:
    """Each folder is made safe and unique among its siblings once, then reused."""
    parts = []
    for depth in range(1, len(folders) + 1):
        key = tuple(keys[:depth])
        if key not in done:
            siblings = names.setdefault(key[:-1], UniqueNames(max_chars=MAX_FOLDER_CHARS))
            done[key] = siblings.add(folders[depth - 1] or "未命名")
        parts.append(done[key])
    return "/".join(parts)


def copy_into(archive: zipfile.ZipFile, path: str, open_source: Callable[[], BinaryIO],
              sha256: str = "", modified: tuple[int, ...] | None = None) -> tuple[int, str]:
    """Stream one file into the archive in chunks (stored if already compressed); its size and SHA-256."""
    extension = path.rpartition(".")[2].lower()
    if modified is None or modified[0] < 1980:  # the ZIP format's dates start in 1980
        modified = time.localtime()[:6]
    info = zipfile.ZipInfo(path, date_time=modified)
    info.compress_type = zipfile.ZIP_STORED if extension in STORED_EXTENSIONS else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    digest = None if sha256 else hashlib.sha256()
    size = 0
    with open_source() as source, archive.open(info, "w") as target:
        while chunk := source.read(CHUNK):
            if digest is not None:
                digest.update(chunk)
            target.write(chunk)
            size += len(chunk)
    return size, sha256 or digest.hexdigest()


def task_folder(ref: str, short_text: str) -> str:
    return without_trailing_punctuation(safe_name(f"{ref} {short_text}", max_bytes=60))

