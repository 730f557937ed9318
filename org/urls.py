from django.urls import path

from org import views

app_name = "org"
urlpatterns = [
    path("", views.account, name="account"),
    path("sessions/end/", views.sessions_end, name="sessions_end"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/password/", views.user_password_reset, name="user_password_reset"),
    path("lockouts/", views.lockouts, name="lockouts"),
    path("lockouts/<int:pk>/clear/", views.lockout_clear, name="lockout_clear"),
]
