from django.shortcuts import redirect
from django.urls import reverse

# What a user who must change the password may still reach: the change page itself, log-out, static files.
_ALLOWED_PREFIXES = ("/static/",)


class PasswordChangeRequiredMiddleware:
    """An account created or reset by someone else must choose its own password before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse("password_change"), reverse("logout")}
            if request.path not in allowed and not request.path.startswith(_ALLOWED_PREFIXES):
                return redirect(f"{reverse('password_change')}?forced=1")
        return self.get_response(request)
