"""Converting old office formats (.doc, .wps, .et) with LibreOffice headless, when it is installed."""

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import TableReadError

CONVERT_SECONDS = 60
NO_CONVERTER = "这是旧版 {kind} 文件，本服务器未安装 LibreOffice 无法转换；请在 WPS/Office 中另存为 {target} 后再导入"
CONVERT_FAILED = "旧版 {kind} 文件转换失败（文件可能已损坏或加密）；请在 WPS/Office 中另存为 {target} 后再导入"
CONVERT_TIMEOUT = "旧版 {kind} 文件转换超时；请在 WPS/Office 中另存为 {target} 后再导入"


def convert_with_libreoffice(data: bytes, *, source_suffix: str, target: str, kind: str) -> bytes:
    """``data`` converted to ``target`` ("docx" or "xlsx"); raises TableReadError with what to do."""
    words = {"kind": kind, "target": f".{target}"}
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise TableReadError(NO_CONVERTER.format(**words))
    with tempfile.TemporaryDirectory(prefix="chuangwen-convert-") as work:
        folder = Path(work)
        source = folder / f"table{source_suffix}"
        source.write_bytes(data)
        # A profile of its own: concurrent conversions and the server's user never share a lock.
        profile = (folder / "profile").as_uri()
        command = [office, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", target, "--outdir", str(folder / "out"), str(source)]
        # Its own session, so that a timeout ends soffice.bin too and not only the launcher script.
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        try:
            process.wait(timeout=CONVERT_SECONDS)
        except subprocess.TimeoutExpired as error:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise TableReadError(CONVERT_TIMEOUT.format(**words)) from error
        converted = folder / "out" / f"table.{target}"
        if not converted.is_file():
            raise TableReadError(CONVERT_FAILED.format(**words))
        return converted.read_bytes()
