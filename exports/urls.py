from django.urls import path

from exports import views

app_name = "exports"
urlpatterns = [
    path("", views.export_page, name="index"),
    path("<int:pk>/", views.export_job_status, name="job"),
    path("<int:pk>/download/", views.export_download, name="download"),
]
