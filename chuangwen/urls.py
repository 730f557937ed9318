from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from chuangwen import views
from org.views import PasswordChangeView

admin.site.site_header = "创文通 管理后台"
admin.site.site_title = "创文通"
admin.site.index_title = "后台管理"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("frameworks.urls")),
    path("evidence/", include("evidence.urls")),
    path("scores/", include("scores.urls")),
    path("schedules/", include("schedules.urls")),
    path("account/password/", PasswordChangeView.as_view(), name="password_change"),
    path("account/", include("org.urls")),
    path("audit/", include("audit.urls")),
]
urlpatterns += [path("exports/", include("exports.urls"))]
