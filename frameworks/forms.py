from django import forms
from django.conf import settings
from django.utils import timezone

from org.models import Department
from frameworks.models import Section
from lib.tables.columns import KIND_LABELS, ColumnKind


SMALL_SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})  # each field gets its own copy


class TaskFilterForm(forms.Form):
    section = forms.ModelChoiceField(label="分表", queryset=Section.objects.none(), required=False,
                                     empty_label="全部分表", widget=SMALL_SELECT)
    category = forms.ChoiceField(label="考核项目", required=False, widget=SMALL_SELECT)
    department = forms.ModelChoiceField(label="责任科室", queryset=Department.objects.none(), required=False,
                                        empty_label="全部科室", widget=SMALL_SELECT)
    q = forms.CharField(label="关键词", required=False, max_length=100, widget=forms.TextInput(attrs={
        "type": "search", "class": "form-control", "placeholder": "搜索细则、工作要求或编号",
        "enterkeyhint": "search"}))

    def __init__(self, *args, sections, categories, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections
        self.fields["category"].choices = [("", "全部项目")] + [(c, c) for c in categories]
        self.fields["department"].queryset = departments


class ImportUploadForm(forms.Form):
    file = forms.FileField(label="任务分解表文件",
                           help_text="支持 Word（.docx/.doc）、Excel（.xlsx/.xls）、WPS（.wps/.et）和纯文本（.txt）",
                           error_messages={"empty": "文件为空", "required": "请选择要导入的文件"})
    year = forms.IntegerField(label="考核年度", min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError("文件为空")
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"文件过大（{upload.size // (1024 * 1024)} MB），任务分解表不应超过 "
                f"{settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB")
        return upload


class DepartmentAliasForm(forms.Form):
    aliases = forms.CharField(label="别名", required=False, max_length=500,
                              help_text="多个别名用顿号、逗号或空格分隔，例如：法制宣传科、普法科")

    def cleaned_aliases(self) -> list[str]:
        text = self.cleaned_data["aliases"]
        for separator in "、，,；;":
            text = text.replace(separator, " ")
        return text.split()


class ColumnMappingForm(forms.Form):
    """One choice per header text of the parsed table: what its column means."""

    def __init__(self, *args, headers, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = list(headers)
        choices = [(kind.value, label) for kind, label in KIND_LABELS.items()]
        for index, column in enumerate(self.headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=column.header, choices=choices, initial=column.kind,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                error_messages={"invalid_choice": "请选择列的含义", "required": "请选择列的含义"})

    def rows(self):
        """(column, its field, what the scoring guessed) for the template."""
        return [(column, self[f"column_{index}"], KIND_LABELS[ColumnKind(column.detected)])
                for index, column in enumerate(self.headers)]

    def corrections(self) -> dict[str, str]:
        """Header text → the chosen kind, for every column."""
        return {column.header: self.cleaned_data[f"column_{index}"] for index, column in enumerate(self.headers)}
