"""ZIP archives built for tests, honest or lying about their sizes."""

import io
import struct
import zipfile


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def with_declared_sizes(data: bytes, *, file_size: int | None = None, compress_size: int | None = None) -> bytes:
    """Rewrite the sizes of every member in the local headers and the central directory."""
    patched = bytearray(data)
    for signature, compress_at, size_at in ((b"PK\x03\x04", 18, 22), (b"PK\x01\x02", 20, 24)):
        start = 0
        while (start := patched.find(signature, start)) != -1:
            if compress_size is not None:
                struct.pack_into("<I", patched, start + compress_at, compress_size)
            if file_size is not None:
                struct.pack_into("<I", patched, start + size_at, file_size)
            start += 4
    return bytes(patched)
