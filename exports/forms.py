from django import forms

from evidence.models import Submission
from exports.models import ExportJob
from lib.dossier.model import PHOTO_LAYOUTS


class ExportForm(forms.Form):
    kind = forms.ChoiceField(label="导出内容", choices=ExportJob.Kind.choices,
                             initial=ExportJob.Kind.DOSSIER_DOCX, widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    scope = forms.ChoiceField(label="范围")
    statuses = forms.MultipleChoiceField(label="包含的资料状态", choices=Submission.Status.choices,
                                         initial=[Submission.Status.APPROVED], widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                                         error_messages={"required": "请至少选择一种资料状态"})
    photos_per_page = forms.TypedChoiceField(label="每页照片", coerce=int, initial=4,
                                             choices=[(n, f"{n} 张") for n in PHOTO_LAYOUTS])

    def __init__(self, *args, scope_groups: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [(group, [(c.value, c.label) for c in choices])
                                        for group, choices in scope_groups.items() if choices]

    def clean_scope(self) -> tuple[str, int]:
        scope, _, pk = self.cleaned_data["scope"].partition(":")
        return scope, int(pk)
