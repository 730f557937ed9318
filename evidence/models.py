from django.conf import settings
from django.db import models
from django.db.models import Q

from frameworks.models import Task
from lib.evidence_checks import RequirementSpec, describe
from lib.media.near_duplicates import BAND_COUNT, bands, phash_value
from org.models import Department
from org.scoping import departments_visible_to


class Requirement(models.Model):
    """One piece of evidence a task asks for, parsed from its guidance and editable by the coordinator."""

    class Kind(models.TextChoices):
        PLAN = "plan", "方案（计划）"
        SUMMARY = "summary", "总结"
        PHOTOS = "photos", "照片"
        REPORT = "report", "说明报告"
        DOCUMENT = "document", "规范文件"
        STATISTICS = "statistics", "统计表格"
        URL = "url", "网址"
        VIDEO_SCREENSHOT = "video_screenshot", "视频截图"
        OTHER = "other", "其他"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="requirements")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    source = models.TextField("原文", blank=True)
    clause = models.CharField("条目", max_length=20, blank=True)
    min_count = models.PositiveIntegerField("最少数量", null=True, blank=True)
    target_chars = models.PositiveIntegerField("字数要求", null=True, blank=True)
    tolerance = models.FloatField("字数浮动", null=True, blank=True)
    caption_fields = models.JSONField("照片需注明", default=list, blank=True)
    group_label = models.CharField("分组", max_length=30, blank=True)
    group_count = models.PositiveIntegerField("组数", null=True, blank=True)
    per_group = models.PositiveIntegerField("每组数量", null=True, blank=True)
    alternatives = models.JSONField("可替代", default=list, blank=True)
    forms = models.JSONField("文件形式", default=list, blank=True)
    hard = models.BooleanField("必需", default=True)
    order = models.PositiveSmallIntegerField(default=0)
    edited = models.BooleanField("已人工修改", default=False)
    # Which parsed phrase the row came from (blank for rows the coordinator added), so that
    # re-parsing changed guidance neither duplicates an edited row nor revives a deleted one.
    origin = models.CharField("解析来源", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "资料要求"
        ordering = ["task", "order", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def spec(self) -> RequirementSpec:
        return RequirementSpec(
            ref=self.pk, kind=self.kind, hard=self.hard, min_count=self.min_count, target_chars=self.target_chars,
            tolerance=self.tolerance, caption_fields=tuple(self.caption_fields), group_label=self.group_label,
            group_count=self.group_count, per_group=self.per_group, alternatives=tuple(self.alternatives),
            forms=tuple(self.forms),
        )

    @property
    def description(self) -> str:
        return describe(self.spec())


class GuidanceParse(models.Model):
    """The guidance text a task's requirements were last parsed from, and what stayed unparsed."""

    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="guidance_parse")
    guidance = models.TextField("解析时的原文")
    unparsed = models.JSONField("未能解析的句子", default=list, blank=True)
    dismissed = models.JSONField("已删除的解析结果", default=list, blank=True)  # Requirement.origin values
    parsed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "资料要求解析"


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SubmissionQuerySet":
        """Submissions of tasks the user may see; a clerk sees only their departments' ones."""
        return self.filter(task__in=Task.objects.visible_to(user), department__in=departments_visible_to(user))


class Submission(models.Model):
    """One activity's evidence for a task by a department (e.g. one 道德讲堂)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已通过"
        RETURNED = "returned", "已退回"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="submissions")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="submissions")
    title = models.CharField("活动名称", max_length=200)
    activity_date = models.DateField("活动日期", null=True, blank=True)
    report_text = models.TextField("说明报告（粘贴文字）", blank=True)
    url = models.URLField("网址", blank=True)
    notes = models.TextField("备注", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    review_comment = models.TextField("审核意见", blank=True)
    override_reason = models.TextField("放行理由", blank=True)
    # Outcome of the hard checks when last submitted or approved; None until then.
    checks_passed = models.BooleanField("必需要求均满足", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "活动资料"
        ordering = ["-updated_at"]
        indexes = [
            # Covering indexes: the progress figures and the review queue's count and order read
            # these columns only, so they never visit the table rows of a busy task.
            models.Index(fields=["task", "status", "activity_date", "checks_passed", "updated_at", "override_reason"],
                         name="submission_task_progress"),
            models.Index(fields=["task", "status", "department", "updated_at", "submitted_at"],
                         name="submission_task_queue"),
            models.Index(fields=["task", "-updated_at"], name="submission_task_updated"),  # a task's page
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def requirements_met(self) -> bool:
        """Approved and either passing every hard check or let through with a reason."""
        return self.status == self.Status.APPROVED and bool(self.checks_passed or self.override_reason)


# Submission.requirements_met as a filter, for counting in SQL.
REQUIREMENTS_MET = Q(status=Submission.Status.APPROVED) & (Q(checks_passed=True) | ~Q(override_reason=""))


class SubmissionEvent(models.Model):
    """Every state change of a submission, with who and when."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    @property
    def action_label(self) -> str:
        if not self.from_status:
            return "新建"
        if self.to_status == Submission.Status.PENDING:
            return "重新提交审核" if self.from_status == Submission.Status.RETURNED else "提交审核"
        return {Submission.Status.APPROVED: "审核通过", Submission.Status.RETURNED: "退回修改"}.get(
            self.to_status, Submission.Status(self.to_status).label)


PHASH_BAND_FIELDS = tuple(f"phash_band_{i}" for i in range(BAND_COUNT))


def phash_band_values(phash: str) -> dict[str, int | None]:
    """The indexed band columns of a dHash (all None for a missing or featureless one)."""
    value = phash_value(phash)
    return dict(zip(PHASH_BAND_FIELDS, bands(value) if value is not None else [None] * BAND_COUNT, strict=True))


# Caption fields with their own column; any other field a task asks for (主办单位, 参加人员)
# lives in caption_extra under its Chinese name.
CAPTION_COLUMNS = {"时间": "caption_time", "地点": "caption_place", "主题": "caption_subject"}


class EvidenceFile(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", "照片"
        DOCUMENT = "document", "文档"

    # What a file serves as: an ordinary photo, or evidence for a requirement kind that files can meet
    # (all but 照片, which PHOTO stands for, and 网址), with the requirement kind's value and label.
    Role = models.TextChoices("Role", [
        ("PHOTO", ("photo", "实景照片")),
        *((kind.name, (kind.value, kind.label)) for kind in Requirement.Kind
          if kind not in (Requirement.Kind.PHOTOS, Requirement.Kind.URL)),
    ], module=__name__, qualname="EvidenceFile.Role")

    PHOTO_ROLES = (Role.PHOTO, Role.VIDEO_SCREENSHOT)  # uploaded through the photo grid; the rest are documents

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    role = models.CharField("用途", max_length=20, choices=Role.choices, default=Role.PHOTO)
    file = models.FileField(upload_to="evidence/%Y/%m/")
    thumbnail = models.FileField(upload_to="thumbs/%Y/%m/", blank=True)
    original_name = models.CharField("文件名", max_length=255)
    content_kind = models.CharField("内容类型", max_length=20)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    phash = models.CharField(max_length=16, blank=True, db_index=True)
    # The phash cut into bands, derived on save: near duplicates are found through one index per band
    # (see Meta and lib/media/near_duplicates.py). Null for documents and featureless photos.
    phash_band_0 = models.IntegerField(null=True, blank=True, editable=False)
    phash_band_1 = models.IntegerField(null=True, blank=True, editable=False)
    phash_band_2 = models.IntegerField(null=True, blank=True, editable=False)
    phash_band_3 = models.IntegerField(null=True, blank=True, editable=False)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    taken_at = models.DateTimeField("拍摄时间", null=True, blank=True)
    caption_time = models.CharField("时间", max_length=50, blank=True)
    caption_place = models.CharField("地点", max_length=100, blank=True)
    caption_subject = models.CharField("主题", max_length=200, blank=True)
    caption_extra = models.JSONField("其他注明", default=dict, blank=True)
    char_count = models.PositiveIntegerField("字数", null=True, blank=True)
    order = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "资料文件"
        ordering = ["submission", "order", "id"]
        indexes = [
            models.Index(fields=["submission", "role"], name="evidencefile_submission_role"),
            # Each band's index holds the other bands too, so the candidates of a near-duplicate search
            # (and with them the whole hash) are read from the index alone, without visiting rows.
            *(models.Index(fields=[band, *(other for other in PHASH_BAND_FIELDS if other != band)],
                           name=f"evidencefile_{band}") for band in PHASH_BAND_FIELDS),
        ]

    def __str__(self) -> str:
        return self.original_name

    def save(self, *args, **kwargs):
        for name, band in phash_band_values(self.phash).items():
            setattr(self, name, band)
        super().save(*args, **kwargs)

    def caption(self, field: str) -> str:
        column = CAPTION_COLUMNS.get(field)
        return getattr(self, column) if column else self.caption_extra.get(field, "")

    def caption_set(self, field: str, value: str) -> None:
        column = CAPTION_COLUMNS.get(field)
        if column:
            setattr(self, column, value)
        elif value:
            self.caption_extra = {**self.caption_extra, field: value}
        else:
            self.caption_extra = {k: v for k, v in self.caption_extra.items() if k != field}

    def captions(self, fields) -> dict[str, str]:
        return {field: self.caption(field) for field in fields}


class Recurrence(models.Model):
    """A recurring duty of a task (每月报送信息1条, 全年不少于6次), parsed from the task's text, guidance or a
    department's duty text and editable by the coordinator; scores and schedules read these rows."""

    class Unit(models.TextChoices):
        WEEK = "week", "周"
        HALFMONTH = "halfmonth", "半月"
        MONTH = "month", "月"
        QUARTER = "quarter", "季度"
        HALFYEAR = "halfyear", "半年"
        SEMESTER = "semester", "学期"
        YEAR = "year", "年"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="recurrences")
    # Set when the duty is one department's (from its 分工 text); blank means the whole task.
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.CASCADE, related_name="recurrences"
    )
    unit = models.CharField("周期", max_length=10, choices=Unit.choices)
    interval = models.PositiveSmallIntegerField("每几个周期", default=1)
    min_count = models.PositiveIntegerField("每期最少次数", default=1)
    max_count = models.PositiveIntegerField("每期最多次数", null=True, blank=True)
    subject = models.CharField("内容", max_length=300, blank=True)
    # Counts items adopted (被采用) by an outside channel, not items done.
    adopted = models.BooleanField("按被采用计", default=False)
    # Day of the period's last month by which it is due (每月25日前); blank = the period's last day.
    due_day = models.PositiveSmallIntegerField("截止日", null=True, blank=True)
    source = models.TextField("原文", blank=True)
    origin = models.CharField("解析来源", max_length=300, blank=True)
    edited = models.BooleanField("已人工修改", default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "周期性任务"
        ordering = ["task", "order", "id"]

    def __str__(self) -> str:
        every = f"每{self.interval}" if self.interval > 1 else "每"
        return f"{every}{self.get_unit_display()}{self.min_count}次"
