from datetime import datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from audit.models import AuditEvent


def _local_midnight(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events(*, user, action: str = "", actor: str = "", ip: str = "", q: str = "", since=None,
                 until=None) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.visible_to(user)
    if action:
        events = events.filter(action=action)
    if actor:
        events = events.filter(actor_name__icontains=actor)
    if ip:
        events = events.filter(ip__startswith=ip)
    if q:
        events = events.filter(Q(object_repr__icontains=q) | Q(object_type__icontains=q))
    if since:
        events = events.filter(time__gte=_local_midnight(since))
    if until:
        events = events.filter(time__lt=_local_midnight(until + timedelta(days=1)))
    return events.select_related("actor")
