from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "佐证资料"

    def ready(self) -> None:
        from evidence import receivers  # noqa: F401  (connects the signal receivers)
