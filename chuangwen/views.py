from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect


@login_required
def home(request):
    """Each role lands where its daily work is."""
    if request.user.sees_all_departments and request.user.role in {"leader", "coordinator", "admin"}:
        return redirect("scores:dashboard")
    return redirect("frameworks:task_list")
