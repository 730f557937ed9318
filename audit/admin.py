from django.contrib import admin

from audit.models import AuditEvent
from org.admin import ScopedAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ScopedAdmin, admin.ModelAdmin):
    """Readable only: the trail has no add, change or delete path, here or anywhere in the app."""

    list_display = ["time", "actor_name", "ip", "action", "object_type", "object_repr", "organisation"]
    list_filter = ["action", "organisation"]
    search_fields = ["actor_name", "object_repr", "ip"]
    date_hierarchy = "time"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
