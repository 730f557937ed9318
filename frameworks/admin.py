from django.contrib import admin

from frameworks.models import ColumnMapping, Framework, ImportBatch, Indicator, Responsibility, Section, Task
from org.admin import ScopedAdmin


class SectionInline(ScopedAdmin, admin.TabularInline):
    model = Section
    extra = 0
    fields = ["order", "name", "title", "heading_points"]


@admin.register(Framework)
class FrameworkAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["title", "organisation", "year", "source_name", "imported_at"]
    list_filter = ["organisation", "year"]
    inlines = [SectionInline]


class ResponsibilityInline(ScopedAdmin, admin.TabularInline):
    model = Responsibility
    extra = 0
    autocomplete_fields = ["department"]


@admin.register(Task)
class TaskAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["ref", "section", "category", "short_text", "points", "retired"]
    list_filter = ["section__framework", "section__name", "retired"]
    search_fields = ["ref", "text", "guidance"]
    list_select_related = ["section"]
    inlines = [ResponsibilityInline]


@admin.register(Indicator)
class IndicatorAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["code", "title", "parent", "framework"]
    list_filter = ["framework"]
    search_fields = ["code", "title"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["filename", "organisation", "year", "status", "uploaded_by", "created_at"]
    list_filter = ["status", "organisation"]


@admin.register(ColumnMapping)
class ColumnMappingAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["header", "kind", "organisation", "updated_at"]
    list_filter = ["organisation"]
    search_fields = ["header"]
