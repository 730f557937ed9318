from django.urls import path

from evidence import views

app_name = "evidence"
urlpatterns = [
    path("review/", views.review_queue, name="review_queue"),
]
