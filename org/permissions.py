from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from org.scoping import ACTIONS, WHOLE_UNIT_VIEWERS


def role_required(*roles: str):
    """Allow only users whose role is listed (superusers always pass)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not (user.is_superuser or user.role in roles):
                raise PermissionDenied("您的角色无权访问此页面")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


coordinator_required = role_required(*ACTIONS["manage"])
whole_unit_required = role_required(*WHOLE_UNIT_VIEWERS)  # the dashboard and exports; clerks work from their tasks
