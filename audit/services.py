"""audit_record: the one way to add an event to the trail. Every app calls it for its explicit events.

    audit_record(action="download", obj=file)                     # actor and address from the request
    audit_record(action="export", obj=framework, details={"job": job.pk})
    audit_record(action="login_failed", actor_name="cwb", request=request)

The actor, organisation and address default to the current request's (audit.context); pass them
when there is no request (commands) or a different one applies.
"""

from typing import Any

from django.db import models

from audit.context import client_ip, current_request
from audit.models import AuditEvent
from audit.tracking import organisation_of

_UNSET = object()


def audit_record(*, action: str, obj: models.Model | None = None, actor=_UNSET, actor_name: str = "",
                 organisation_id: int | None = None, request=_UNSET, object_repr: str = "",
                 details: dict[str, Any] | None = None) -> AuditEvent:
    request = current_request() if request is _UNSET else request
    if actor is _UNSET:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    if organisation_id is None:
        organisation_id = getattr(actor, "organisation_id", None) or (
            organisation_of(obj) if obj is not None else None)
    return AuditEvent.objects.create(
        action=action, actor=actor, actor_name=(actor_name or getattr(actor, "username", ""))[:150],
        organisation_id=organisation_id, ip=client_ip(request),
        object_type=obj._meta.verbose_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:200],
        details=details or {},
    )
