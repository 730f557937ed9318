from django.urls import path

from evidence import views

app_name = "evidence"
urlpatterns = [
    path("review/", views.review_queue, name="review_queue"),
    path("tasks/<int:task_pk>/new/", views.submission_create, name="submission_create"),
    path("tasks/<int:task_pk>/requirements/", views.requirement_list, name="requirement_list"),
    path("tasks/<int:task_pk>/requirements/sync/", views.requirements_resync, name="requirements_resync"),
    path("requirements/<int:pk>/", views.requirement_edit, name="requirement_edit"),
    path("requirements/<int:pk>/delete/", views.requirement_delete, name="requirement_delete"),
    path("tasks/<int:task_pk>/recurrences/", views.recurrence_list, name="recurrence_list"),
    path("tasks/<int:task_pk>/recurrences/sync/", views.recurrences_resync, name="recurrences_resync"),
    path("recurrences/<int:pk>/", views.recurrence_edit, name="recurrence_edit"),
    path("recurrences/<int:pk>/delete/", views.recurrence_delete, name="recurrence_delete"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/edit/", views.submission_edit, name="submission_edit"),
    path("submissions/<int:pk>/delete/", views.submission_delete, name="submission_delete"),
    path("submissions/<int:pk>/checks/", views.submission_checks, name="submission_checks"),
    path("submissions/<int:pk>/photos/", views.photo_upload, name="photo_upload"),
    path("submissions/<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("submissions/<int:pk>/captions/", views.captions_fill, name="captions_fill"),
    path("submissions/<int:pk>/submit/", views.submission_submit, name="submission_submit"),
    path("submissions/<int:pk>/approve/", views.submission_approve, name="submission_approve"),
    path("submissions/<int:pk>/return/", views.submission_return, name="submission_return"),
    path("files/<int:pk>/", views.file_download, name="file_download"),
    path("files/<int:pk>/thumbnail/", views.file_thumbnail, name="file_thumbnail"),
    path("files/<int:pk>/caption/", views.photo_caption, name="photo_caption"),
    path("files/<int:pk>/role/", views.file_role, name="file_role"),
    path("files/<int:pk>/delete/", views.file_delete, name="file_delete"),
    path("bin/", views.recycle_bin, name="recycle_bin"),
    path("bin/submissions/<int:pk>/restore/", views.submission_restore, name="submission_restore"),
    path("bin/files/<int:pk>/restore/", views.file_restore, name="file_restore"),
]
