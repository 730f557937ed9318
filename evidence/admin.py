from django.contrib import admin

from evidence.models import EvidenceFile, Requirement, Submission, SubmissionEvent
from org.admin import ScopedAdmin


@admin.register(Requirement)
class RequirementAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["task", "kind", "min_count", "target_chars", "hard", "edited"]
    list_filter = ["kind", "hard", "edited"]
    search_fields = ["task__ref", "task__text", "source"]
    raw_id_fields = ["task"]


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
