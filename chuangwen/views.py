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
