from django.shortcuts import render

from org.permissions import coordinator_required


@coordinator_required
def review_queue(request):
    return render(request, "evidence/review_queue.html", {})
