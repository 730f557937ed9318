"""The one place that decides which departments and tasks a user may see.

Every query in a view goes through these helpers (or the `visible_to` querysets built on
them); an object out of scope is a 404, never a 403 that confirms it exists.
"""

from django.db.models import QuerySet

from axes.models import AccessAttempt

from org.models import Department, User


def departments_visible_to(user: User) -> QuerySet[Department]:
    if not user.is_authenticated or user.organisation_id is None:
        return Department.objects.none()
    departments = Department.objects.filter(organisation_id=user.organisation_id)
    if user.sees_all_departments:
        return departments
    return departments.filter(members=user)


def department_ids_visible_to(user: User) -> frozenset[int]:
    """The ids of departments_visible_to(user), read once per user object (that is, per request):
    permission rules ask it several times while rendering one page."""
    cached = getattr(user, "_visible_department_ids", None)
    if cached is None:
        cached = frozenset(departments_visible_to(user).values_list("pk", flat=True))
        user._visible_department_ids = cached
    return cached


def users_visible_to(user: User) -> QuerySet[User]:
    """The accounts 创文办 and administrators manage: their own organisation's, nobody else's."""
    if not user.is_authenticated or not user.is_coordinator or user.organisation_id is None:
        return User.objects.none()
    return User.objects.filter(organisation_id=user.organisation_id)


def login_attempts_visible_to(user: User) -> QuerySet[AccessAttempt]:
    """Failed log-in counters of the organisation's user names (a superuser also sees unknown names)."""
    if not user.is_authenticated or not user.is_coordinator:
        return AccessAttempt.objects.none()
    if user.is_superuser:
        return AccessAttempt.objects.all()
    return AccessAttempt.objects.filter(username__in=users_visible_to(user).values("username"))
