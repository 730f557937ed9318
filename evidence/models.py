from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from frameworks.models import Task
from lib.evidence_checks import RequirementSpec, describe
from lib.evidence_checks.checks import LABELS
from lib.media.near_duplicates import BAND_COUNT, bands, phash_value
from lib.textrules.requirements import KINDS
from org import scoping
from org.models import Department, Organisation


class Requirement(models.Model):
    """One piece of evidence a task asks for, parsed from its guidance and editable by the coordinator."""

    Kind = models.TextChoices("Kind", [(kind.upper(), (kind, LABELS[kind])) for kind in KINDS],
                              module=__name__, qualname="Requirement.Kind")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="requirements")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    source = models.TextField("原文", blank=True)
    clause = models.CharField("条目", max_length=20, blank=True)
    min_count = models.PositiveIntegerField("最少数量", null=True, blank=True)
    max_count = models.PositiveIntegerField("最多数量", null=True, blank=True)
    target_chars = models.PositiveIntegerField("字数要求", null=True, blank=True)
    tolerance = models.FloatField("字数浮动", null=True, blank=True)
    caption_fields = models.JSONField("照片需注明", default=list, blank=True)
    group_label = models.CharField("分组", max_length=30, blank=True)
    group_count = models.PositiveIntegerField("组数", null=True, blank=True)
    per_group = models.PositiveIntegerField("每组数量", null=True, blank=True)
    alternatives = models.JSONField("可替代", default=list, blank=True)
    forms = models.JSONField("文件形式", default=list, blank=True)
    hard = models.BooleanField("必需", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
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
            ref=self.pk, kind=self.kind, hard=self.hard, min_count=self.min_count, max_count=self.max_count,
            target_chars=self.target_chars,
            tolerance=self.tolerance, caption_fields=tuple(self.caption_fields), group_label=self.group_label,
            group_count=self.group_count, per_group=self.per_group, alternatives=tuple(self.alternatives),
            forms=tuple(self.forms),
        )

    @property
    def description(self) -> str:
        return describe(self.spec())


class GuidanceParse(models.Model):
    """The guidance text a task's requirements were last parsed from, and what stayed unparsed."""

    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="guidance_parse", verbose_name="考核任务")
    guidance = models.TextField("解析时的原文")
    unparsed = models.JSONField("未能解析的句子", default=list, blank=True)
    dismissed = models.JSONField("已删除的解析结果", default=list, blank=True)  # Requirement.origin values
    recurrences_dismissed = models.JSONField("已删除的周期解析结果", default=list, blank=True)  # Recurrence.origin
    parsed_at = models.DateTimeField("解析时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "资料要求解析"


_RestrictedManager = models.Manager.from_queryset(scoping.RestrictedQuerySet)


class Binnable(models.Model):
    """A row that deleting sends to the recycle bin for RECYCLE_BIN_DAYS before it is purged."""

    deleted_at = models.DateTimeField("删除时间", null=True, blank=True, db_index=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="删除人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    @property
    def purge_on(self) -> date | None:
        """The day from which purge_recycle_bin removes it."""
        if self.deleted_at is None:
            return None
        return timezone.localdate(self.deleted_at) + timedelta(days=settings.RECYCLE_BIN_DAYS)


class SubmissionManager(_RestrictedManager):
    """Submissions outside the recycle bin: what every page, count and score sees."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Submission(Binnable):
    """One activity's evidence for a task by a department (e.g. one 道德讲堂)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已通过"
        RETURNED = "returned", "已退回"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="submissions", verbose_name="考核任务")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="submissions",
                                   verbose_name="科室")
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
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)

    objects = SubmissionManager()
    all_objects = _RestrictedManager()  # the recycle bin included

    class Meta:
        verbose_name = verbose_name_plural = "活动资料"
        ordering = ["-updated_at"]
        indexes = [
            # Covering indexes: the progress figures and the review queue's count and order read
            # these columns only (the recycle bin's deleted_at and a clerk's department included), so
            # they never visit the table rows of a busy task.
            models.Index(fields=["task", "status", "activity_date", "checks_passed", "updated_at", "override_reason",
                                 "deleted_at", "department"], name="submission_progress_live"),
            models.Index(fields=["task", "status", "department", "updated_at", "submitted_at", "deleted_at"],
                         name="submission_queue_live"),
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

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events", verbose_name="活动资料")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="办理人")
    from_status = models.CharField("原状态", max_length=10, blank=True)
    to_status = models.CharField("新状态", max_length=10)
    comment = models.TextField("意见", blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "办理记录"
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


class EvidenceFileManager(_RestrictedManager):
    """Files outside the recycle bin, on their own or with their submission."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True, submission__deleted_at__isnull=True)


class EvidenceFile(Binnable):
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

    PHOTO_ROLES = (Role.PHOTO, Role.SCREENSHOTS)  # uploaded through the photo grid; the rest are documents

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files", verbose_name="活动资料")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    role = models.CharField("用途", max_length=20, choices=Role.choices, default=Role.PHOTO)
    file = models.FileField("文件", upload_to="evidence/%Y/%m/")
    thumbnail = models.FileField("缩略图", upload_to="thumbs/%Y/%m/", blank=True)
    original_name = models.CharField("文件名", max_length=255)
    content_kind = models.CharField("内容类型", max_length=20)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64, db_index=True)
    phash = models.CharField(max_length=16, blank=True, db_index=True)
    # The phash cut into bands, derived on save: near duplicates are found through one index per band
    # (see Meta and lib/media/near_duplicates.py). Null for documents and featureless photos.
    phash_band_0 = models.IntegerField(null=True, blank=True, editable=False)
    phash_band_1 = models.IntegerField(null=True, blank=True, editable=False)
    phash_band_2 = models.IntegerField(null=True, blank=True, editable=False)
    phash_band_3 = models.IntegerField(null=True, blank=True, editable=False)
    width = models.PositiveIntegerField("宽（像素）", null=True, blank=True)
    height = models.PositiveIntegerField("高（像素）", null=True, blank=True)
    taken_at = models.DateTimeField("拍摄时间", null=True, blank=True)
    # A capture time the photo states but that cannot be true (camera clock never set), as written.
    implausible_taken_at = models.CharField("不可信的拍摄时间", max_length=40, blank=True)
    # 照片 n: given at upload within the submission's photos and never reused, so a deletion
    # does not shift the numbers people refer to. None for documents.
    number = models.PositiveIntegerField("编号", null=True, blank=True)
    caption_time = models.CharField("时间", max_length=50, blank=True)
    caption_place = models.CharField("地点", max_length=100, blank=True)
    caption_subject = models.CharField("主题", max_length=200, blank=True)
    caption_extra = models.JSONField("其他注明", default=dict, blank=True)
    char_count = models.PositiveIntegerField("字数", null=True, blank=True)
    order = models.PositiveIntegerField("排序", default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="上传人")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = EvidenceFileManager()
    all_objects = _RestrictedManager()  # the recycle bin included

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
        return self.description

    @property
    def period_label(self) -> str:
        """每月, 每季度, 每2个月, 每2周; 全年 for a year."""
        unit = self.get_unit_display()
        if self.interval <= 1:
            return "全年" if self.unit == self.Unit.YEAR else f"每{unit}"
        return f"每{self.interval}{unit}" if self.unit == self.Unit.WEEK else f"每{self.interval}个{unit}"

    @property
    def description(self) -> str:
        """"每季度至少1次：召开调度会议", "全年2–3次（被采用）：…，每期25日前"."""
        count = f"{self.min_count}–{self.max_count}次" if self.max_count else f"至少{self.min_count}次"
        text = f"{self.period_label}{count}"
        if self.adopted:
            text += "（按被采用计）"
        if self.due_day:
            text += f"，每期最后一个月{self.due_day}日前"
        return f"{text}：{self.subject}" if self.subject else text


class InformationReport(models.Model):
    """One item of information sent out (信息报送) and whether it was adopted (采用): the evidence
    that recurrences counted by adoption read, instead of internal approval."""

    task = models.ForeignKey(Task, verbose_name="考核任务", on_delete=models.CASCADE, related_name="information_reports")
    department = models.ForeignKey(Department, verbose_name="报送科室", on_delete=models.PROTECT,
                                   related_name="information_reports")
    title = models.CharField("信息标题", max_length=200)
    sent_on = models.DateField("报送日期")
    channel = models.CharField("报送渠道", max_length=100, help_text="如 市创文办、益阳文明网")
    link = models.URLField("链接", blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.PROTECT,
                                     related_name="+")
    adopted_on = models.DateField("采用日期", null=True, blank=True)  # set ⇔ adopted
    adopted_where = models.CharField("采用单位/网站", max_length=100, blank=True)
    adopted_link = models.URLField("采用链接", blank=True)
    adopted_screenshot = models.FileField("采用截图", upload_to="adoptions/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = _RestrictedManager()

    class Meta:
        verbose_name = verbose_name_plural = "信息报送"
        ordering = ["-sent_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def adopted(self) -> bool:
        return self.adopted_on is not None


class BinRecord(models.Model):
    """What went into the recycle bin, came back or was purged, by whom. Plain ids and a label, since a
    purge removes the rows themselves."""

    class Action(models.TextChoices):
        DELETE = "delete", "移入回收站"
        RESTORE = "restore", "恢复"
        PURGE = "purge", "彻底删除"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    label = models.CharField("对象", max_length=300)
    submission_id = models.PositiveIntegerField("活动资料编号")
    file_id = models.PositiveIntegerField("文件编号", null=True, blank=True)  # None: the whole submission
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")  # None: the purge command
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "回收站记录"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.label}"


_TASK_ORGANISATION = "task__section__framework__organisation"
_TASK_DEPARTMENTS = "task__responsibilities__department"
_SUBMISSION_ORGANISATION = "submission__task__section__framework__organisation"
scoping.register(Requirement, organisation=_TASK_ORGANISATION, department=_TASK_DEPARTMENTS)
scoping.register(GuidanceParse, organisation=_TASK_ORGANISATION, department=_TASK_DEPARTMENTS)
scoping.register(Recurrence, organisation=_TASK_ORGANISATION, department=_TASK_DEPARTMENTS)
scoping.register(Submission, organisation=_TASK_ORGANISATION, department="department")
scoping.register(SubmissionEvent, organisation=_SUBMISSION_ORGANISATION, department="submission__department")
scoping.register(EvidenceFile, organisation=_SUBMISSION_ORGANISATION, department="submission__department")
scoping.register(InformationReport, organisation=_TASK_ORGANISATION, department="department")
scoping.register(BinRecord, organisation="organisation", roles={"view": scoping.COORDINATORS})
