from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from org.models import User

DASHBOARD_ROLES = {User.Role.LEADER, User.Role.COORDINATOR, User.Role.ADMIN}


@login_required
def home(request):
    """Each role lands where its daily work is: leaders and 创文办 on the dashboard, clerks on their
    to-do list (我的待办), others on tasks."""
    if request.user.role in DASHBOARD_ROLES:
        return redirect("scores:dashboard")
    if request.user.role == User.Role.CLERK:
        return redirect("schedules:todo")
    return redirect("frameworks:task_list")


class LoginView(auth_views.LoginView):
    """Django's log-in page, telling how many attempts are left before this name is locked at this address."""

    redirect_authenticated_user = True

    def form_invalid(self, form):
        username = self.request.POST.get("username", "")
        failures = AxesProxyHandler.get_failures(self.request, credentials={"username": username})
        context = self.get_context_data(form=form,
                                        attempts_left=max(settings.AXES_FAILURE_LIMIT - failures, 0))
        return self.render_to_response(context)
