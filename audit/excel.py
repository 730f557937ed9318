"""The filtered trail as an Excel workbook, written row by row (openpyxl write-only) into a temporary file."""

import tempfile

from django.utils import timezone
from openpyxl import Workbook

from audit.models import AuditEvent

EXPORT_MAX_ROWS = 100_000
HEADERS = ["时间", "操作人账号", "操作人", "来源地址", "操作", "对象类型", "对象编号", "对象", "详情"]


def workbook_write(events, handle) -> int:
    """Write up to EXPORT_MAX_ROWS events; returns how many were written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("审计日志")
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["H"].width = 40
    sheet.column_dimensions["I"].width = 60
    sheet.append(HEADERS)
    labels = dict(AuditEvent.Action.choices)
    written = 0
    for event in events[:EXPORT_MAX_ROWS].iterator(chunk_size=2000):
        sheet.append([
            timezone.localtime(event.time).strftime("%Y-%m-%d %H:%M:%S"), event.actor_name,
            event.actor.full_name if event.actor else "", event.ip or "", labels.get(event.action, event.action),
            event.object_type, event.object_id, event.object_repr,
            event.details_text,
        ])
        written += 1
    workbook.save(handle)
    return written


def workbook_file(events):
    handle = tempfile.TemporaryFile()
    workbook_write(events, handle)
    handle.seek(0)
    return handle
