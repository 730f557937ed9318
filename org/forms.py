from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password

from org.models import User


TEXT = {"class": "form-control"}


class DepartmentsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


class UserForm(forms.Form):
    username = forms.RegexField(label="用户名", max_length=150, regex=r"^[\w.@+-]+$",
                                widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off"}),
                                error_messages={"invalid": "用户名只能包含字母、数字和 @ . + - _"})
    full_name = forms.CharField(label="姓名", max_length=50, required=False, widget=forms.TextInput(attrs=TEXT))
    role = forms.ChoiceField(label="角色", widget=forms.Select(attrs={"class": "form-select"}))
    departments = DepartmentsField(label="所属科室", queryset=None, required=False,
                                   help_text="科室资料员只能看到并填报所选科室的任务")
    is_active = forms.BooleanField(label="启用", required=False, initial=True,
                                   widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
                                   help_text="停用的账号不能登录，其资料和记录保留")
    password = forms.CharField(label="初始密码", strip=False, widget=forms.PasswordInput(attrs={**TEXT, "autocomplete": "new-password"}),
                               help_text="用户首次登录时须改为自己的密码")

    def __init__(self, *args, departments, roles, editing: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        self.fields["departments"].queryset = departments
        self.fields["role"].choices = roles
        if editing is not None:
            del self.fields["password"]
            self.fields["username"].disabled = True
        else:
            del self.fields["is_active"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password, User(username=self.data.get("username", ""),
                                         full_name=self.data.get("full_name", "")))
        return password

    @classmethod
    def initial_for(cls, user: User) -> dict:
        return {"username": user.username, "full_name": user.full_name, "role": user.role,
                "departments": list(user.departments.all()), "is_active": user.is_active}


class PasswordResetForm(forms.Form):
    password = forms.CharField(label="临时密码", strip=False,
                               widget=forms.PasswordInput(attrs={**TEXT, "autocomplete": "new-password"}),
                               help_text="告知用户后，其下次登录须改为自己的密码；其已登录的设备将退出")

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password, self.user)
        return password


def password_policy() -> list[str]:
    return password_validators_help_texts()
