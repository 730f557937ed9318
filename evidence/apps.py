from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "佐证资料"

    def ready(self) -> None:
        from evidence import receivers  # noqa: F401  (connects the signal receivers)
        from evidence.services import framework_files_discard
        from frameworks.signals import framework_deleting

        framework_deleting.connect(framework_files_discard, dispatch_uid="evidence-files-discard")
