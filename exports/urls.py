from django.urls import path

from exports import views

app_name = "exports"
urlpatterns = [
    path("", views.export_page, name="index"),
    path("<int:pk>/", views.export_job_status, name="job"),
    path("<int:pk>/download/", views.export_download, name="download"),
    path("declaration/", views.declaration_items, name="declaration"),
    path("declaration/<int:pk>/photos/", views.declaration_photos, name="declaration_photos"),
]
