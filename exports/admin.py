from django.contrib import admin

from org.admin import ScopedAdmin

from exports.models import DeclarationItem, ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ("kind", "scope_label", "requested_by", "status", "created_at", "expires_at")
    list_filter = ("kind", "status")
    readonly_fields = ("done", "total", "size", "created_at", "finished_at")


@admin.register(DeclarationItem)
class DeclarationItemAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ("task", "included", "order")
    raw_id_fields = ("task",)
