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


_DATE = forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d")


class SemesterForm(forms.Form):
    """The two terms of a school year, for duties counted 每学期; both left empty = the default terms."""

    first_start = forms.DateField(label="第一学期开始", required=False, widget=_DATE)
    first_end = forms.DateField(label="第一学期结束", required=False, widget=_DATE)
    second_start = forms.DateField(label="第二学期开始", required=False, widget=_DATE)
    second_end = forms.DateField(label="第二学期结束", required=False, widget=_DATE)

    def clean(self):
        data = super().clean()
        terms = []
        for prefix, name in (("first", "第一学期"), ("second", "第二学期")):
            start, end = data.get(f"{prefix}_start"), data.get(f"{prefix}_end")
            if (start is None) != (end is None):
                raise forms.ValidationError(f"请同时填写{name}的开始和结束日期")
            if start and end < start:
                raise forms.ValidationError(f"{name}的结束日期不能早于开始日期")
            if start:
                terms.append((start, end))
        data["terms"] = terms
        return data

    @classmethod
    def for_framework(cls, framework) -> "SemesterForm":
        initial = {}
        for prefix, (start, end) in zip(("first", "second"), framework.semester_dates or (), strict=False):
            initial |= {f"{prefix}_start": start, f"{prefix}_end": end}
        return cls(initial=initial, prefix=f"y{framework.year}")
