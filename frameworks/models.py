from datetime import date

from django.conf import settings
from django.db import models

from org import scoping
from org.models import Department, Organisation


class Framework(models.Model):
    """One imported task decomposition table (任务分解表) for one assessment year."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="frameworks")
    title = models.CharField("标题", max_length=200)
    year = models.PositiveSmallIntegerField("考核年度")
    source_name = models.CharField("源文件名", max_length=255)
    source_file = models.FileField("源文件", upload_to="frameworks/%Y/")
    imported_at = models.DateTimeField("导入时间", auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The working year: the organisation's one current table is open for work; other years are
    # read-only unless the coordinator reopens them.
    is_current = models.BooleanField("当前工作年度", default=False)
    reopened = models.BooleanField("已重新开放", default=False)
    # A school year's terms for 每学期 duties, as [[start, end], …] ISO dates set by 创文办;
    # empty = the default spring and autumn terms (lib.textrules.recurrence.periods).
    semesters = models.JSONField("学期起止日期", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "任务分解表"
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="framework_one_per_year"),
            models.UniqueConstraint(fields=["organisation"], condition=models.Q(is_current=True),
                                    name="framework_one_current"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.year}）"

    @property
    def semester_dates(self) -> tuple[tuple[date, date], ...] | None:
        return tuple((date.fromisoformat(start), date.fromisoformat(end)) for start, end in self.semesters) or None

    @property
    def writable(self) -> bool:
        return self.is_current or self.reopened


class Section(models.Model):
    """A table inside the task table (共性任务 30分, 网上申报 …)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="sections")
    name = models.CharField("名称", max_length=100)
    title = models.CharField("标题", max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    heading_points = models.DecimalField("标题分值", max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "分表"
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "name"], name="section_unique_name")]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """A code of the national assessment system (Ⅰ-1, Ⅱ-2, Ⅲ-4-1); the codes form a tree."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField("编号", max_length=30)
    title = models.CharField("名称", max_length=200, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")

    class Meta:
        verbose_name = verbose_name_plural = "测评指标"
        ordering = ["framework", "code"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="indicator_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class TaskQuerySet(scoping.RestrictedQuerySet):
    def current(self) -> "TaskQuerySet":
        return self.filter(retired=False)


class Task(models.Model):
    """One assessable item (考核实施细则) with its points and verbatim guidance."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="tasks")
    ref = models.CharField("编号", max_length=100)
    order = models.PositiveIntegerField(default=0)
    category = models.CharField("考核项目", max_length=100, blank=True)
    category_code = models.CharField("项目编号", max_length=30, blank=True)
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks")
    text = models.TextField("考核实施细则")
    points = models.DecimalField("分值", max_digits=6, decimal_places=2, null=True, blank=True)
    guidance = models.TextField("工作建议/要求", blank=True)
    departments_text = models.TextField("责任科室（原文）", blank=True)
    deadline = models.CharField("完成时限", max_length=200, blank=True)
    site = models.CharField("考核场地范围", max_length=200, blank=True)
    source_row = models.PositiveIntegerField("原表行号", default=0)
    # Columns the importer did not know, verbatim under their header text (责任领导, 备注 …).
    extra = models.JSONField("其他列", default=dict, blank=True)
    # A task that a corrected table no longer contains is retired, not deleted, so the
    # evidence already linked to it survives.
    retired = models.BooleanField("已从分解表移除", default=False)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "考核任务"
        ordering = ["section__order", "order"]
        constraints = [models.UniqueConstraint(fields=["section", "ref"], name="task_unique_ref")]

    def __str__(self) -> str:
        return f"{self.section.name} {self.ref}"

    @property
    def short_text(self) -> str:
        return self.text if len(self.text) <= 60 else self.text[:60] + "…"


class Responsibility(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "牵头"
        COOPERATING = "cooperating", "配合"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="responsibilities")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="responsibilities")
    role = models.CharField("职责", max_length=12, choices=Role.choices, default=Role.LEAD)
    duty = models.TextField("本科室分工", blank=True)
    via = models.CharField("表中写法", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "责任分工"
        ordering = ["task", "-role", "department__order"]  # lead before cooperating
        constraints = [
            models.UniqueConstraint(fields=["task", "department"], name="responsibility_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.department.name}（{self.get_role_display()}）"


class ImportBatch(models.Model):
    """An uploaded table: parsed in the background, then previewed until the coordinator confirms it.

    A file that cannot be imported leaves no batch: the worker deletes it with its file."""

    class Status(models.TextChoices):
        PARSING = "parsing", "解析中"
        PREVIEW = "preview", "待确认"
        IMPORTED = "imported", "已导入"
        DELETED = "deleted", "分解表已删除"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="import_batches",
                                     verbose_name="单位")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                    verbose_name="上传人")
    file = models.FileField("文件", upload_to="imports/%Y/")
    filename = models.CharField("文件名", max_length=255)
    year = models.PositiveSmallIntegerField("考核年度")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PARSING)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    # Header text → column kind, as corrected on the preview (starting from the organisation's memory).
    corrections = models.JSONField("列含义更正", default=dict, blank=True)
    parsed = models.JSONField("解析结果", null=True, blank=True)  # lib.tables.model.table_to_data
    parse_started_at = models.DateTimeField("开始解析", null=True, blank=True)
    parse_task_id = models.CharField("解析任务", max_length=64, blank=True)  # its result says why a file was refused
    framework = models.ForeignKey(Framework, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name="任务分解表")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "导入记录"
        ordering = ["-created_at"]


class ColumnMapping(models.Model):
    """A column meaning the coordinator confirmed against the scored guess, remembered per organisation
    and applied by header text on its next import."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="column_mappings")
    header = models.CharField("表头", max_length=100)
    kind = models.CharField("含义", max_length=20)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "导入列含义"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "header"], name="column_mapping_unique_header"),
        ]

    def __str__(self) -> str:
        return f"{self.header} → {self.kind}"


_FRAMEWORK_ORGANISATION = "framework__organisation"
scoping.register(Framework, organisation="organisation")
scoping.register(Section, organisation=_FRAMEWORK_ORGANISATION)
scoping.register(Indicator, organisation=_FRAMEWORK_ORGANISATION)
# A clerk sees the tasks one of their departments leads or cooperates on.
scoping.register(Task, organisation="section__framework__organisation", department="responsibilities__department")
scoping.register(Responsibility, organisation="task__section__framework__organisation", department="department")
scoping.register(ImportBatch, organisation="organisation", roles={"view": scoping.COORDINATORS})
scoping.register(ColumnMapping, organisation="organisation", roles={"view": scoping.COORDINATORS})
