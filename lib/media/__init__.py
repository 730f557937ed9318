"""Upload handling for evidence photos and documents: content sniffing, photo ingestion
(thumbnail, EXIF, duplicate fingerprints) and document text extraction. Django-free."""

from .documents import extract_text
from .errors import MediaError
from .images import NEAR_DUPLICATE_DISTANCE, GpsPoint, PhotoResult, hamming, ingest_photo
from .sniff import FileKind, sniff, sniff_file

__all__ = [
    "NEAR_DUPLICATE_DISTANCE",
    "FileKind",
    "GpsPoint",
    "MediaError",
    "PhotoResult",
    "extract_text",
    "hamming",
    "ingest_photo",
    "sniff",
    "sniff_file",
]
