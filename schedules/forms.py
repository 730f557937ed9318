from django import forms

from evidence.forms import BootstrapMixin
from evidence.models import InformationReport
from lib.media import sniff_file
from org.models import Department
from schedules.models import Channel, ReminderSettings, Webhook

SCREENSHOT_MAX_BYTES = 10 * 1024 * 1024
SCREENSHOT_KINDS = {"jpeg", "png", "webp", "pdf"}


class TodoFilterForm(BootstrapMixin, forms.Form):
    department = forms.ModelChoiceField(label="科室", queryset=Department.objects.none(), required=False,
                                        empty_label="全部科室")
    days = forms.IntegerField(label="未来几天内到期", min_value=1, max_value=90, required=False)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class MonthForm(forms.Form):
    month = forms.DateField(input_formats=["%Y-%m"], required=False,
                            error_messages={"invalid": "月份格式应为 2026-03"})
    department = forms.ModelChoiceField(label="科室", queryset=Department.objects.none(), required=False,
                                        empty_label="全部科室")

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["department"].widget.attrs["class"] = "form-select form-select-sm"


class InformationReportForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = InformationReport
        fields = ["task", "department", "title", "sent_on", "channel", "link"]
        widgets = {
            "sent_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "channel": forms.TextInput(attrs={"list": "channel-suggestions"}),
            "link": forms.URLInput(attrs={"placeholder": "https://"}),
        }
        error_messages = {"link": {"invalid": "请输入完整的网址，例如 https://www.example.gov.cn/news/1.html"}}

    def __init__(self, *args, tasks, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks
        self.fields["task"].empty_label = "请选择信息计入的考核任务"
        self.fields["task"].label_from_instance = lambda task: f"{task.section.name} {task.ref} {task.text[:40]}"
        self.fields["department"].queryset = departments
        self.fields["department"].empty_label = None

    def clean(self):
        data = super().clean()
        task, department = data.get("task"), data.get("department")
        if task and department and not task.responsibilities.filter(department=department).exists():
            self.add_error("department", "该科室不负责所选任务。")
        return data


class AdoptionForm(BootstrapMixin, forms.Form):
    adopted_on = forms.DateField(label="采用日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    adopted_where = forms.CharField(label="采用单位/网站", max_length=100)
    adopted_link = forms.URLField(label="采用链接", required=False, max_length=200,
                                  error_messages={"invalid": "请输入完整的网址，例如 https://www.example.gov.cn/1.html"})
    adopted_screenshot = forms.FileField(label="采用截图（图片或 PDF）", required=False)

    def __init__(self, *args, sent_on=None, has_screenshot=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sent_on, self.has_screenshot = sent_on, has_screenshot

    def clean_adopted_on(self):
        day = self.cleaned_data["adopted_on"]
        if self.sent_on and day < self.sent_on:
            raise forms.ValidationError("采用日期不能早于报送日期。")
        return day

    def clean_adopted_screenshot(self):
        upload = self.cleaned_data.get("adopted_screenshot")
        if not upload:
            return upload
        if upload.size > SCREENSHOT_MAX_BYTES:
            raise forms.ValidationError("截图不能超过 10 MB。")
        kind = sniff_file(upload)
        if kind.value not in SCREENSHOT_KINDS:
            raise forms.ValidationError(f"截图须为 JPEG、PNG、WebP 图片或 PDF，此文件是{kind.label_zh}。")
        return upload

    def clean(self):
        data = super().clean()
        if not (data.get("adopted_link") or data.get("adopted_screenshot") or self.has_screenshot):
            raise forms.ValidationError("请填写采用链接或上传采用截图，作为被采用的依据。")
        return data


class ReminderSettingsForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = ["due_soon_days", "overdue_repeat_days", "escalate_head_days", "escalate_coordinator_days"]


class WebhookForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Webhook
        fields = ["kind", "name", "department", "url", "secret"]
        error_messages = {"url": {"invalid": "请输入机器人的完整 Webhook 地址（以 https:// 开头）"}}
        help_texts = {"secret": "钉钉机器人启用“加签”时填写（SEC 开头）；企业微信留空。"}

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["department"].empty_label = "整个单位（创文办群）"
        self.fields["kind"].choices = Webhook._meta.get_field("kind").choices  # no blank "请选择" entry


class MuteForm(forms.Form):
    muted = forms.MultipleChoiceField(
        label="不接收以下渠道的提醒", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(c.value, c.label) for c in (Channel.IN_APP, Channel.EMAIL)])
