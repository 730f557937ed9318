"""Model changes recorded as create / update / delete events, with the changed fields' old and new values.

A small registry over Django's model signals rather than django-auditlog: one append-only table
scoped by organisation serves the whole trail (log-ins, downloads and model changes alike), so the
coordinator's list, filters and Excel export read one place. Bulk queryset updates bypass signals;
services that use them record an explicit event instead.
"""

from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from audit.context import is_muted

# model label → (tracked fields, attribute path to the organisation id)
TRACKED = {
    "frameworks.Framework": (["title", "year", "is_current", "reopened"], "organisation_id"),
    "frameworks.Task": (["text", "points", "guidance", "category", "deadline", "retired"],
                        "section.framework.organisation_id"),
    "evidence.Requirement": (["kind", "hard", "min_count", "target_chars", "tolerance", "caption_fields",
                              "group_label", "group_count", "per_group", "alternatives", "forms"],
                             "task.section.framework.organisation_id"),
    "evidence.Submission": (["title", "activity_date", "report_text", "url", "notes", "override_reason"],
                            "department.organisation_id"),
    "evidence.EvidenceFile": (["original_name", "role", "caption_time", "caption_place", "caption_subject",
                               "caption_extra"], "submission.department.organisation_id"),
    "scores.TaskScore": (["self_score", "self_reason", "official_score"], "task.section.framework.organisation_id"),
    "org.User": (["username", "full_name", "role", "organisation", "is_active", "is_staff", "is_superuser",
                  "must_change_password"], "organisation_id"),
    "org.Department": (["name", "kind"], "organisation_id"),
}


def organisation_of(instance) -> int | None:
    entry = TRACKED.get(instance._meta.label)
    value = instance
    for name in (entry[1] if entry else "organisation_id").split("."):
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


def _plain(field, value):
    """A JSON-safe, readable form of a field value (choices by their Chinese label)."""
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        if field.choices and not isinstance(value, (list, dict)):
            return str(dict(field.flatchoices).get(value, value))
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _values(instance, fields) -> dict:
    """Tracked values keyed by the field's Chinese name, as the trail is read by people."""
    values = {}
    for name in fields:
        field = type(instance)._meta.get_field(name)
        values[str(field.verbose_name)] = _plain(field, getattr(instance, field.attname))
    return values


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    fields = TRACKED[sender._meta.label][0]
    instance._audit_before = None
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(fields):
        instance._audit_before = False  # a bookkeeping save (last_login, updated_at): nothing to record
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_before = _values(old, fields) if old is not None else None


def _after_save(sender, instance, created, raw=False, **kwargs):
    from audit.services import audit_record

    before = getattr(instance, "_audit_before", None)
    if raw or before is False or is_muted():
        return
    after = _values(instance, TRACKED[sender._meta.label][0])
    if created or before is None:
        audit_record(action="create", obj=instance, details={"fields": {k: v for k, v in after.items() if v}})
        return
    changes = {name: [before[name], value] for name, value in after.items() if before[name] != value}
    if changes:
        audit_record(action="update", obj=instance, details={"changes": changes})


def _after_delete(sender, instance, **kwargs):
    from audit.services import audit_record

    if is_muted():
        return
    audit_record(action="delete", obj=instance)


# A user's departments, groups and permissions: who may see and do what.
USER_RELATIONS = ("departments", "groups", "user_permissions")


def _user_relation_changed(sender, instance, action, model, pk_set, **kwargs):
    from audit.services import audit_record

    if action not in ("post_add", "post_remove", "post_clear") or is_muted():
        return
    if action != "post_clear" and not pk_set:
        return
    relation = next(name for name in USER_RELATIONS if getattr(type(instance), name).through is sender)
    names = sorted(str(item) for item in model.objects.filter(pk__in=pk_set or ()))
    label = str(type(instance)._meta.get_field(relation).verbose_name)
    audit_record(action="update", obj=instance, details={label: {action[5:]: names}})


def connect() -> None:
    for label in TRACKED:
        model = apps.get_model(label)
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"audit-pre-{label}")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"audit-post-{label}")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"audit-del-{label}")
    user = apps.get_model("org.User")
    for relation in USER_RELATIONS:
        m2m_changed.connect(_user_relation_changed, sender=getattr(user, relation).through,
                            dispatch_uid=f"audit-user-{relation}")
