from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from evidence.models import Submission
from frameworks.models import Framework, Task
from org import scoping
from org.models import Department, Organisation


class ExportJob(models.Model):
    """One generated file (台账 Word/PDF, originals ZIP, 网上申报 package, the Excel progress table),
    built in the background and downloaded through a permission-checked view until it expires."""

    class Kind(models.TextChoices):
        DOSSIER_DOCX = "dossier_docx", "台账（Word）"
        DOSSIER_PDF = "dossier_pdf", "台账（PDF）"
        ORIGINALS_ZIP = "originals_zip", "原始资料（ZIP）"
        DECLARATION = "declaration_package", "网上申报材料包"
        PROGRESS_XLSX = "progress_xlsx", "进度表（Excel）"

    class Scope(models.TextChoices):
        TABLE = "table", "全表"
        SECTION = "section", "分表"
        DEPARTMENT = "department", "科室"
        TASK = "task", "任务"

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"
        EXPIRED = "expired", "已过期"

    # The whole table's tasks and scores, whatever the page's scope, statuses and photo layout: only
    # for the roles that see every department (as the dashboard), and never listed for a clerk.
    WHOLE_UNIT_KINDS = frozenset({Kind.PROGRESS_XLSX})

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="export_jobs")
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("类型", max_length=24, choices=Kind.choices)
    scope = models.CharField("范围", max_length=12, choices=Scope.choices)
    scope_id = models.PositiveIntegerField("范围编号")
    scope_label = models.CharField("范围名称", max_length=200)
    # The departments whose submissions the file may contain: the requester's visible departments
    # (within the scope) when the job was created. A user may open the file only if they see all of them.
    departments = models.ManyToManyField(Department, related_name="+", verbose_name="涉及科室")
    options = models.JSONField("选项", default=dict)  # {"statuses": [...], "photos_per_page": 4}
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总量", default=0)
    message = models.TextField("说明", blank=True)
    file = models.FileField("文件", upload_to="exports/%Y/%m/", blank=True, max_length=300)
    filename = models.CharField("下载文件名", max_length=200, blank=True)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    expires_at = models.DateTimeField("过期时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "导出任务"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at"]), models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.scope_label}"

    UNFINISHED = (Status.QUEUED, Status.RUNNING)

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED, self.Status.EXPIRED}

    @property
    def is_expired(self) -> bool:
        """Past its time, also before purge_exports has removed the file."""
        return self.status == self.Status.EXPIRED or (self.expires_at is not None and self.expires_at <= timezone.now())

    @property
    def waiting_long(self) -> bool:
        """Queued for minutes: the workers are busy with long jobs, or not running."""
        return self.status == self.Status.QUEUED and timezone.now() - self.created_at > timedelta(minutes=3)

    @property
    def statuses_display(self) -> str:
        return "、".join(Submission.Status(s).label for s in self.options.get("statuses", []))

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0


class DeclarationItem(models.Model):
    """A task the coordinator marks as a 网上申报 item (tasks of a section named 网上申报 are items
    without a row), with the coordinator's choice of photos for its package."""

    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="declaration_item")
    included = models.BooleanField("列入网上申报", default=True)
    # Set only when the coordinator moves items (上移/下移); None keeps the item at its table position.
    order = models.PositiveIntegerField("顺序", null=True, blank=True)
    excluded_photo_ids = models.JSONField("不采用的照片", default=list, blank=True)
    photo_order = models.JSONField("照片顺序", default=list, blank=True)  # EvidenceFile ids, first ones first
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "网上申报项目"
        ordering = [models.F("order").asc(nulls_last=True), "task__section__order", "task__order"]

    def __str__(self) -> str:
        return f"网上申报 {self.task}"


scoping.register(ExportJob, organisation="organisation")
scoping.register(DeclarationItem, organisation="task__section__framework__organisation",
                 roles={"view": scoping.COORDINATORS})
