from django.contrib import admin

from org.admin import ScopedAdmin
from schedules.models import Delivery, Notification, ReminderSettings, Webhook


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["organisation", "due_soon_days", "overdue_repeat_days", "escalate_head_days",
                    "escalate_coordinator_days"]


@admin.register(Webhook)
class WebhookAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "department", "enabled"]
    list_filter = ["kind", "enabled"]
    exclude = ["secret"]  # secrets are entered on 提醒设置, never shown back


@admin.register(Delivery)
class DeliveryAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["title", "channel", "user", "webhook", "status", "attempts", "next_attempt_at", "created_at"]
    list_filter = ["status", "channel"]
    readonly_fields = [f.name for f in Delivery._meta.fields]


@admin.register(Notification)
class NotificationAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["title", "user", "created_at", "read_at"]
    raw_id_fields = ["user"]
