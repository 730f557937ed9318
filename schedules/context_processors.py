from django.utils.functional import SimpleLazyObject

from schedules.selectors import unread_count


def unread_notifications(request):
    """The bell's unread count: one query, and only on pages that show it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
