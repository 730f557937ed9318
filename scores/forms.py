from django import forms

# Field names match TaskScore's, so the model's validation errors land on the right field.


class SelfScoreForm(forms.Form):
    self_score = forms.DecimalField(label="自评分", required=False, min_value=0, max_digits=6, decimal_places=2,
                                    help_text="留空表示清除自评分")
    self_reason = forms.CharField(label="自评理由", required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class OfficialScoreForm(forms.Form):
    official_score = forms.DecimalField(label="实际得分", required=False, min_value=0, max_digits=6,
                                        decimal_places=2, help_text="考核结束后按反馈录入；留空表示清除")


class DeadlineForm(forms.Form):
    due_date = forms.DateField(label="资料截止日期", widget=forms.DateInput(
        attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"))
