from django import forms

from evidence.models import Submission
from exports.models import ExportJob
from lib.dossier.model import PHOTO_LAYOUTS


class ExportForm(forms.Form):
    kind = forms.ChoiceField(label="导出内容", choices=ExportJob.Kind.choices,
                             initial=ExportJob.Kind.DOSSIER_DOCX, widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                             help_text="进度表（Excel）总是全表的任务与得分，不使用范围、资料状态和每页照片。")
    scope = forms.ChoiceField(label="范围")
    # Required by the service for the kinds that use them (not the progress table), which says so.
    statuses = forms.MultipleChoiceField(label="包含的资料状态", choices=Submission.Status.choices, required=False,
                                         initial=[Submission.Status.APPROVED], widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    photos_per_page = forms.TypedChoiceField(label="每页照片", coerce=int, initial=4,
                                             choices=[(n, f"{n} 张") for n in PHOTO_LAYOUTS])

    def __init__(self, *args, scope_groups: dict, whole_unit: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [(group, [(c.value, c.label) for c in choices])
                                        for group, choices in scope_groups.items() if choices]
        offered = [kind for kind in ExportJob.Kind.values if whole_unit or kind not in ExportJob.WHOLE_UNIT_KINDS]
        if self.initial.get("kind") not in offered:  # ?kind= of a link: a kind the page offers, or the default
            self.initial.pop("kind", None)
        # Every kind stays valid, so a clerk who posts a whole-unit kind hears the service's reason.
        self.kinds_offered = [radio for radio in self["kind"] if radio.data["value"] in offered]

    def clean_scope(self) -> tuple[str, int]:
        scope, _, pk = self.cleaned_data["scope"].partition(":")
        return scope, int(pk)
