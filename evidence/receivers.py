"""Evidence's answers to other apps' signals."""

from django.dispatch import receiver

from evidence import services
from frameworks.signals import tasks_imported


@receiver(tasks_imported, dispatch_uid="evidence.task_rules_sync")
def task_rules_parse_on_import(sender, *, framework, tasks, **kwargs) -> None:
    """Imported tasks get their requirement and recurrence rows at once, so no page view has to parse."""
    services.task_rules_sync_many(tasks=tasks)
