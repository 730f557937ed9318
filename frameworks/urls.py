from django.urls import path

from frameworks import views

app_name = "frameworks"
urlpatterns = [
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("departments/", views.department_list, name="department_list"),
    path("departments/<int:pk>/", views.department_detail, name="department_detail"),
    path("departments/<int:pk>/aliases/", views.department_aliases, name="department_aliases"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/status/", views.import_status, name="import_status"),
    path("import/<int:pk>/columns/", views.import_columns, name="import_columns"),
    path("years/", views.year_list, name="year_list"),
    path("years/switch/", views.year_switch, name="year_switch"),
    path("years/<int:year>/current/", views.year_set_current, name="year_set_current"),
    path("years/<int:year>/reopen/", views.year_reopen, name="year_reopen"),
    path("years/<int:year>/delete/", views.year_delete, name="year_delete"),
    path("years/<int:year>/semesters/", views.year_semesters, name="year_semesters"),
]
