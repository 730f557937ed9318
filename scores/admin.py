from django.contrib import admin

from org.admin import ScopedAdmin
from scores.models import AssessmentDeadline, ScoreSnapshot, TaskScore


@admin.register(TaskScore)
class TaskScoreAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["task", "self_score", "official_score"]
    search_fields = ["task__ref", "task__text"]
    raw_id_fields = ["task"]
    readonly_fields = ["self_by", "self_at", "official_by", "official_at"]


@admin.register(AssessmentDeadline)
class AssessmentDeadlineAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["framework", "due_date", "updated_by", "updated_at"]


@admin.register(ScoreSnapshot)
class ScoreSnapshotAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["framework", "day", "projected", "points", "completion"]
    list_filter = ["framework"]

    def has_change_permission(self, request, obj=None):
        return False  # snapshots are history

