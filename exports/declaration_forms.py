"""Forms of the 网上申报 pages. Ids are read as ASCII digits only: str.isdigit() accepts "²" (which
int() then refuses) and int() reads a full-width "２" as 2, so neither may reach a query or a save.
(Apart from exports/forms.py, which holds the export page's form.)"""

import re

from django import forms
from django.core.exceptions import ValidationError

from frameworks.models import Task

_ASCII_NUMBER = re.compile(r"[0-9]{1,9}")
PHOTO_REFUSED = "所选照片不属于该任务已通过审核的资料"


def _ascii_number(value) -> bool:
    return bool(_ASCII_NUMBER.fullmatch(str(value).strip()))


class TaskField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not _ascii_number(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RankField(forms.IntegerField):
    def to_python(self, value):
        if value not in self.empty_values and not _ascii_number(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class DeclarationItemForm(forms.Form):
    """Add, take out, or move one item; the task must be among those the user sees in the table."""

    ACTIONS = {"include": "加入", "exclude": "移出", "up": "上移", "down": "下移"}

    task = TaskField(queryset=Task.objects.none())
    action = forms.ChoiceField(choices=list(ACTIONS.items()), error_messages={"invalid_choice": "不支持的操作"})

    def __init__(self, *args, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks


class DeclarationPhotosForm(forms.Form):
    """The photo page: every photo shown (photo), those kept (keep) and their numbers (rank-<id>),
    among the task's approved photos only."""

    RANK_ERROR = "照片序号须为不小于 1 的整数（半角数字）"

    photo = forms.TypedMultipleChoiceField(coerce=int, required=False, error_messages={"invalid_choice": PHOTO_REFUSED})
    keep = forms.TypedMultipleChoiceField(coerce=int, required=False, error_messages={"invalid_choice": PHOTO_REFUSED})

    def __init__(self, *args, photo_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(pk), str(pk)) for pk in photo_ids]
        self.fields["photo"].choices = self.fields["keep"].choices = choices
        for pk in photo_ids:
            self.fields[f"rank-{pk}"] = RankField(required=False, min_value=1, max_value=10**6, error_messages={
                "invalid": self.RANK_ERROR, "min_value": self.RANK_ERROR, "max_value": self.RANK_ERROR})

    def clean(self):
        data = super().clean()
        if set(data.get("keep", [])) - set(data.get("photo", [])):
            raise ValidationError(PHOTO_REFUSED)
        return data

    def order(self) -> list[int]:
        """The kept photos by their number; a blank number goes last, ties keep the page's order."""
        shown = self.cleaned_data["photo"]
        kept = set(self.cleaned_data["keep"])
        return sorted((pk for pk in shown if pk in kept),
                      key=lambda pk: (self.cleaned_data.get(f"rank-{pk}") or 10**6 + 1, shown.index(pk)))

    def excluded(self) -> list[int]:
        kept = set(self.cleaned_data["keep"])
        return [pk for pk in self.cleaned_data["photo"] if pk not in kept]

    def first_error(self) -> str:
        return next(message for errors in self.errors.values() for message in errors)
