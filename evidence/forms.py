import re

from django import forms

from evidence.models import EvidenceFile, Recurrence, Requirement, Submission
from evidence.services import RecurrenceFields, RequirementFields
from frameworks.models import Section
from org.models import Department

_LIST_SEPARATORS = re.compile(r"[、，,；;\s]+")


def _split(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part for part in _LIST_SEPARATORS.split(text) if part))


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates can render fields as they are."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select"
            else:
                field.widget.attrs["class"] = "form-control"


class SubmissionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Submission
        fields = ["title", "activity_date", "report_text", "url", "notes"]
        widgets = {
            "title": forms.TextInput(attrs={"placeholder": "例如：2026年第一期道德讲堂"}),
            "activity_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "report_text": forms.Textarea(attrs={"rows": 6, "placeholder": "可直接粘贴说明报告正文，系统按 Word 的方法统计字数"}),
            "url": forms.URLInput(attrs={"placeholder": "https://"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"url": {"invalid": "请输入完整的网址，例如 https://www.example.gov.cn/news/1.html"},
                          "activity_date": {"required": "请填写活动日期", "invalid": "请输入有效的日期，例如 2026-05-01"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Recurring tasks count approved activities by this date; see services.submission_submit.
        self.fields["activity_date"].required = True


class SubmissionCreateForm(SubmissionForm):
    department = forms.ModelChoiceField(label="填报科室", queryset=Department.objects.none(), empty_label=None)

    class Meta(SubmissionForm.Meta):
        fields = ["department", *SubmissionForm.Meta.fields]

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        # Before any photo is uploaded the date may stay open: the first photo's capture date fills it.
        self.fields["activity_date"].required = False
        self.fields["activity_date"].help_text = "可先不填：上传照片后按拍摄日期自动填写，提交审核前必须有活动日期"


PHOTO_ROLES = [(role.value, role.label) for role in EvidenceFile.PHOTO_ROLES]
DOCUMENT_ROLES = [(role.value, role.label) for role in EvidenceFile.Role if role not in EvidenceFile.PHOTO_ROLES]


class PhotoUploadForm(forms.Form):
    role = forms.ChoiceField(label="用途", initial=EvidenceFile.Role.PHOTO, choices=PHOTO_ROLES)


class DocumentUploadForm(forms.Form):
    """Blank role: each file's purpose is read from its name (方案, 总结 …) and can be changed per file."""

    role = forms.ChoiceField(label="用途", required=False, choices=[("", "按文件名判断"), *DOCUMENT_ROLES])


class FileRoleForm(forms.Form):
    role = forms.ChoiceField(label="用途", choices=EvidenceFile.Role.choices,
                             error_messages={"required": "请选择文件用途", "invalid_choice": "请选择文件用途"})


class CaptionForm(forms.Form):
    """One text field per caption field the task asks for (时间, 地点, 主题, 主办单位 …)."""

    def __init__(self, *args, caption_fields, **kwargs):
        super().__init__(*args, **kwargs)
        for name in caption_fields:
            self.fields[name] = forms.CharField(label=name, required=False, max_length=200)

    def captions(self) -> dict[str, str]:
        return dict(self.cleaned_data)


class CaptionFillForm(CaptionForm):
    overwrite = forms.TypedChoiceField(
        label="填写方式", coerce=lambda value: value == "1", initial="0", widget=forms.RadioSelect,
        choices=[("0", "只填空白的项"), ("1", "覆盖已填写的内容")])

    def captions(self) -> dict[str, str]:
        return {name: value for name, value in self.cleaned_data.items() if name != "overwrite"}


class SubmitForm(forms.Form):
    override_reason = forms.CharField(label="放行理由", required=False, max_length=1000,
                                      widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(SubmitForm):
    comment = forms.CharField(label="审核意见（可不填）", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    comment = forms.CharField(label="退回意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": "退回时请写明需要修改的地方"})


class ReviewFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, initial=Submission.Status.PENDING, choices=[
        ("", "全部（不含草稿）"), *[(s.value, s.label) for s in Submission.Status if s != Submission.Status.DRAFT]])
    department = forms.ModelChoiceField(label="科室", queryset=Department.objects.none(), required=False,
                                        empty_label="全部科室")
    section = forms.ModelChoiceField(label="分表", queryset=Section.objects.none(), required=False,
                                     empty_label="全部分表")

    def __init__(self, *args, departments, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["section"].queryset = sections


class RequirementForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Requirement.Kind.choices)
    hard = forms.BooleanField(label="必需（不满足不能提交审核）", required=False)
    min_count = forms.IntegerField(label="至少几张（份）", required=False, min_value=1, max_value=1000)
    max_count = forms.IntegerField(label="至多几张（份）", required=False, min_value=1, max_value=1000,
                                   help_text="“不超过10张”“5-10张”填 10；不填表示不设上限")
    group_label = forms.CharField(label="分组名称", required=False, max_length=30,
                                  help_text="如 讲堂、节日、单位、类")
    group_count = forms.IntegerField(label="组数", required=False, min_value=1, max_value=1000)
    per_group = forms.IntegerField(label="每组几张", required=False, min_value=1, max_value=1000)
    target_chars = forms.IntegerField(label="字数要求", required=False, min_value=1, max_value=100000)
    tolerance_percent = forms.IntegerField(label="字数浮动（%）", required=False, min_value=0, max_value=100,
                                           help_text="“500字左右”填 20；不填表示“不少于约…字”")
    caption_fields = forms.CharField(label="每张照片需注明", required=False, max_length=200,
                                     help_text="用顿号分隔，如 时间、地点、主题")
    alternatives = forms.CharField(label="可替代的照片来源", required=False, max_length=200,
                                   help_text="如 活动照片、视频截图（含“视频截图”时截图也算照片）")
    document_forms = forms.CharField(label="文件形式", required=False, max_length=200,
                            help_text="如 电子文档、红头页扫描图")

    @classmethod
    def for_requirement(cls, requirement: Requirement, **kwargs) -> "RequirementForm":
        tolerance = requirement.tolerance
        return cls(initial={
            "kind": requirement.kind, "hard": requirement.hard, "min_count": requirement.min_count,
            "max_count": requirement.max_count,
            "per_group": requirement.per_group, "group_label": requirement.group_label,
            "group_count": requirement.group_count, "target_chars": requirement.target_chars,
            "tolerance_percent": None if tolerance is None else round(tolerance * 100),
            "caption_fields": "、".join(requirement.caption_fields),
            "alternatives": "、".join(requirement.alternatives), "document_forms": "、".join(requirement.forms),
        }, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("per_group") and not data.get("group_label"):
            self.add_error("group_label", "填写了每组几张，请同时写明分组名称（如 讲堂）")
        low, high = data.get("min_count"), data.get("max_count")
        if low and high and high < low:
            self.add_error("max_count", "至多数量不能小于至少数量")
        if data.get("tolerance_percent") is not None and not data.get("target_chars"):
            self.add_error("target_chars", "填写了字数浮动，请同时填写字数要求")
        return data

    def requirement_fields(self) -> RequirementFields:
        data = self.cleaned_data
        tolerance = data["tolerance_percent"]
        return RequirementFields(
            kind=data["kind"], hard=data["hard"], min_count=data["min_count"], max_count=data["max_count"],
            target_chars=data["target_chars"],
            tolerance=None if tolerance is None else tolerance / 100,
            caption_fields=_split(data["caption_fields"]), group_label=data["group_label"].strip(),
            group_count=data["group_count"], per_group=data["per_group"],
            alternatives=_split(data["alternatives"]), forms=_split(data["document_forms"]),
        )


class RecurrenceForm(BootstrapMixin, forms.Form):
    unit = forms.ChoiceField(label="周期", choices=Recurrence.Unit.choices, initial=Recurrence.Unit.MONTH)
    interval = forms.IntegerField(label="每几个周期", min_value=1, max_value=52, initial=1,
                                  help_text="“每2个月”填 2")
    min_count = forms.IntegerField(label="每期至少几次", min_value=1, max_value=1000, initial=1)
    max_count = forms.IntegerField(label="每期至多几次", required=False, min_value=1, max_value=1000,
                                   help_text="“1-2次”填 2；不填表示不设上限")
    subject = forms.CharField(label="内容", required=False, max_length=300)
    department = forms.ModelChoiceField(label="责任科室", required=False, queryset=Department.objects.none(),
                                        empty_label="整项任务")
    due_day = forms.IntegerField(label="截止日", required=False, min_value=1, max_value=31,
                                 help_text="“每月25日前”填 25；不填为每期最后一天")
    adopted = forms.BooleanField(label="按被采用的条数计", required=False)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments

    @classmethod
    def for_recurrence(cls, recurrence: Recurrence, **kwargs) -> "RecurrenceForm":
        return cls(initial={
            "unit": recurrence.unit, "interval": recurrence.interval, "min_count": recurrence.min_count,
            "max_count": recurrence.max_count, "subject": recurrence.subject, "department": recurrence.department,
            "due_day": recurrence.due_day, "adopted": recurrence.adopted,
        }, **kwargs)

    def clean(self):
        data = super().clean()
        low, high = data.get("min_count"), data.get("max_count")
        if low and high and high < low:
            self.add_error("max_count", "至多次数不能小于至少次数")
        return data

    def recurrence_fields(self) -> RecurrenceFields:
        data = self.cleaned_data
        return RecurrenceFields(
            unit=data["unit"], interval=data["interval"], min_count=data["min_count"], max_count=data["max_count"],
            subject=data["subject"].strip(), adopted=data["adopted"], due_day=data["due_day"],
            department=data["department"],
        )
