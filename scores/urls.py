from django.urls import path

from scores import views

app_name = "scores"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("list/", views.score_list, name="score_list"),
    path("tasks/<int:pk>/", views.task_score_edit, name="task_score_edit"),
    path("deadline/", views.deadline_set, name="deadline_set"),
]
