"""Who is acting in this request, so that records made deep inside services know it."""

from contextvars import ContextVar

from axes.helpers import get_client_ip_address

_request = ContextVar("audit_request", default=None)
_muted = ContextVar("audit_muted", default=False)


class muted:
    """Within this block model changes are not recorded one by one (a table's deletion records
    one event for everything it takes with it)."""

    def __enter__(self):
        self._token = _muted.set(True)

    def __exit__(self, *exc):
        _muted.reset(self._token)


def is_muted() -> bool:
    return _muted.get()


def current_request():
    return _request.get()


def client_ip(request) -> str | None:
    """The client's address as axes resolves it (AXES_IPWARE_* settings decide which proxy header counts)."""
    return get_client_ip_address(request) if request is not None else None


class AuditContextMiddleware:
    """Make the request available to audit records for its duration (after authentication)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)

    def process_exception(self, request, exception):
        from django.core.exceptions import PermissionDenied

        from audit.services import audit_record

        if isinstance(exception, PermissionDenied):
            audit_record(action="refused", object_repr=request.path[:200],
                         details={"reason": str(exception) or "无权访问", "method": request.method})
        return None
