from django.urls import path

from schedules import views

app_name = "schedules"
urlpatterns = [
    path("todo/", views.todo, name="todo"),
    path("tasks/<int:task_pk>/periods/", views.task_periods, name="task_periods"),
    path("tasks/<int:task_pk>/periods/<int:recurrence_pk>/<int:department_pk>/<str:start>/", views.period_detail,
         name="period_detail"),
    path("calendar/", views.calendar_month, name="calendar"),
    path("calendar/feed/", views.calendar_feed, name="calendar_feed"),
    path("calendar/feed/rotate/", views.calendar_feed_rotate, name="calendar_feed_rotate"),
    path("ical/<str:token>.ics", views.calendar_ics, name="calendar_ics"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/<int:pk>/adopt/", views.report_adopt, name="report_adopt"),
    path("reports/<int:pk>/unadopt/", views.report_unadopt, name="report_unadopt"),
    path("reports/<int:pk>/delete/", views.report_delete, name="report_delete"),
    path("reports/<int:pk>/screenshot/", views.report_screenshot, name="report_screenshot"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/channels/", views.channel_mutes, name="channel_mutes"),
    path("settings/", views.reminder_settings, name="settings"),
    path("settings/webhooks/", views.webhook_create, name="webhook_create"),
    path("settings/webhooks/<int:pk>/delete/", views.webhook_delete, name="webhook_delete"),
    path("settings/webhooks/<int:pk>/test/", views.webhook_test, name="webhook_test"),
    path("settings/deliveries/<int:pk>/retry/", views.delivery_retry, name="delivery_retry"),
]
