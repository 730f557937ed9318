from django.urls import path

from scores import views

app_name = "scores"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
