from django.shortcuts import render

from org.permissions import role_required


@role_required("leader", "coordinator", "admin", "inspector")
def dashboard(request):
    return render(request, "scores/dashboard.html", {})
