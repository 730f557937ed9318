from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone

from audit import excel, selectors
from audit.forms import AuditFilterForm
from audit.services import audit_record
from org.permissions import coordinator_required


def _filtered(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, selectors.audit_events(user=request.user, **filters)


@coordinator_required
def event_list(request):
    form, events = _filtered(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/event_list.html", {"form": form, "page": page,
                                                     "export_max": excel.EXPORT_MAX_ROWS})


@coordinator_required
def event_export(request):
    form, events = _filtered(request)
    audit_record(action="export", object_repr="审计日志", details={"filters": request.GET.dict()})
    return FileResponse(excel.workbook_file(events), as_attachment=True,
                        filename=f"审计日志-{timezone.localdate():%Y%m%d}.xlsx")
