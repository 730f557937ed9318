from django.contrib import admin

from evidence.models import EvidenceFile, InformationReport, Recurrence, Requirement, Submission, SubmissionEvent
from org.admin import ScopedAdmin


@admin.register(Requirement)
class RequirementAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["task", "kind", "min_count", "target_chars", "hard", "edited"]
    list_filter = ["kind", "hard", "edited"]
    search_fields = ["task__ref", "task__text", "source"]
    raw_id_fields = ["task"]


@admin.register(Recurrence)
class RecurrenceAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["task", "department", "unit", "interval", "min_count", "max_count", "adopted", "edited"]
    list_filter = ["unit", "adopted", "edited"]
    search_fields = ["task__ref", "task__text", "source", "subject"]
    raw_id_fields = ["task", "department"]
    readonly_fields = ["source", "origin"]

    def save_model(self, request, obj, form, change):
        obj.edited = True  # a re-parse keeps what was changed here, as on the 周期性任务 page
        super().save_model(request, obj, form, change)


class EventInline(ScopedAdmin, admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    can_delete = False
    readonly_fields = ["actor", "from_status", "to_status", "comment", "created_at"]


class FileInline(ScopedAdmin, admin.TabularInline):
    """Files are listed, never linked: downloads go through the permission-checked view."""

    model = EvidenceFile
    extra = 0
    can_delete = False
    fields = ["original_name", "role", "content_kind", "size", "taken_at", "caption_place", "caption_subject"]
    readonly_fields = fields


@admin.register(Submission)
class SubmissionAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["title", "task", "department", "status", "activity_date", "updated_at"]
    list_filter = ["status", "department"]
    search_fields = ["title", "task__ref", "task__text"]
    raw_id_fields = ["task", "created_by"]
    readonly_fields = ["status", "submitted_at", "reviewed_at"]
    inlines = [FileInline, EventInline]


@admin.register(InformationReport)
class InformationReportAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["title", "department", "channel", "sent_on", "adopted_on"]
    list_filter = ["department"]
    raw_id_fields = ["task", "submitted_by"]
