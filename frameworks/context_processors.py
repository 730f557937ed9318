from django.utils.functional import SimpleLazyObject

from frameworks.selectors import framework_current, frameworks_of


def working_year(request):
    """The year switcher in the navigation: the table shown and the years there are (one query, lazily)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"working_framework": SimpleLazyObject(lambda: framework_current(user)),
            "working_years": SimpleLazyObject(lambda: frameworks_of(user))}
