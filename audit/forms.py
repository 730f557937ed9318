from django import forms

from audit.models import AuditEvent

SMALL = {"class": "form-control form-control-sm"}


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label="操作", required=False,
                               choices=[("", "全部操作"), *AuditEvent.Action.choices],
                               widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    actor = forms.CharField(label="操作人账号", required=False, max_length=150, widget=forms.TextInput(attrs=SMALL))
    ip = forms.CharField(label="来源地址", required=False, max_length=45, widget=forms.TextInput(attrs=SMALL))
    q = forms.CharField(label="对象", required=False, max_length=100,
                        widget=forms.TextInput(attrs={**SMALL, "type": "search", "placeholder": "对象名称或类型"}))
    since = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={**SMALL, "type": "date"}))
    until = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={**SMALL, "type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("起始日期不能晚于截止日期")
        return data
