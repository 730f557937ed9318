"""The one place that decides what a user may see and do, in the spirit of NetBox's `restrict(user, action)`.

Two questions, answered from two tables:
- which roles may take an action at all (ACTIONS, with per-model overrides), and
- which rows of a model lie in the user's reach: each model registers its path to its organisation and,
  where departments own rows, its path to those departments (clerks reach only their own).

Views load every object through `restrict(...)` (or a manager's `.restrict()` / `.visible_to()`), so an
object out of scope is a 404, never a 403 that confirms it exists. An unregistered model raises: a new
model cannot be queried for a user by accident without a rule.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from django.db import models
from django.db.models import QuerySet

from axes.models import AccessAttempt

from org.models import Department, DepartmentAlias, DepartmentGroup, Organisation, User

Role = User.Role
EVERY_ROLE = frozenset(Role)
COORDINATORS = User.COORDINATOR_ROLES
EVIDENCE_FILERS = COORDINATORS | {Role.CLERK}
WHOLE_UNIT_VIEWERS = COORDINATORS | {Role.LEADER, Role.INSPECTOR}  # the dashboard, exports

# Which roles may take each action inside their organisation (where: the model's scope).
ACTIONS: Mapping[str, frozenset[str]] = {
    "view": EVERY_ROLE,
    "change": EVIDENCE_FILERS,  # fill in evidence
    "delete": EVIDENCE_FILERS,
    "review": COORDINATORS,
    "manage": COORDINATORS,  # requirements, imports, departments, entered scores, the recycle bin
}


@dataclass(frozen=True)
class Scope:
    organisation: str  # lookup from the model to its organisation's id
    department: str | None = None  # lookup to the department(s) owning a row; None = organisation-wide
    roles: Mapping[str, frozenset[str]] = field(default_factory=dict)  # overrides of ACTIONS for this model


_SCOPES: dict[type[models.Model], Scope] = {}


@cache  # relations are known only once every app's models are loaded, and never change after
def _crosses_to_many(model: type[models.Model], path: str) -> bool:
    for name in path.split("__"):
        relation = model._meta.get_field(name)
        if relation.many_to_many or relation.one_to_many:
            return True
        model = relation.related_model
    return False


def register(model: type[models.Model], *, organisation: str, department: str | None = None,
             roles: Mapping[str, frozenset[str]] | None = None) -> None:
    _SCOPES[model] = Scope(organisation=organisation, department=department, roles=roles or {})


def scope_of(model: type[models.Model]) -> Scope:
    try:
        return _SCOPES[model]
    except KeyError:
        raise LookupError(f"{model._meta.label} has no access scope: register it in its models module") from None


def is_registered(model: type[models.Model]) -> bool:
    return model in _SCOPES


def allows(user: User, action: str, model: type[models.Model] | None = None) -> bool:
    """Whether the user's role may take the action at all (on that model, when given)."""
    if not user.is_authenticated or user.organisation_id is None:
        return False
    roles = scope_of(model).roles.get(action, ACTIONS[action]) if model else ACTIONS[action]
    return user.is_superuser or user.role in roles


def restrict(queryset: QuerySet, user: User, action: str = "view") -> QuerySet:
    """The rows of `queryset` on which `user` may take `action`; none at all when the role may not."""
    scope = scope_of(queryset.model)
    if not allows(user, action, queryset.model):
        return queryset.none()
    rows = queryset.filter(**{scope.organisation: user.organisation_id})
    if scope.department is None or user.sees_all_departments:
        return rows
    owned = {f"{scope.department}__in": department_ids_visible_to(user)}
    if _crosses_to_many(queryset.model, scope.department):  # a subquery, so that rows owned by two of the user's departments appear once
        return rows.filter(pk__in=queryset.model._base_manager.filter(**owned).values("pk"))
    return rows.filter(**owned)


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user: User, action: str = "view") -> "RestrictedQuerySet":
        return restrict(self, user, action)

    def visible_to(self, user: User) -> "RestrictedQuerySet":
        return restrict(self, user, "view")


def department_ids_visible_to(user: User) -> frozenset[int]:
    """The departments whose rows the user reaches, read once per user object (that is, per request):
    permission rules ask it several times while rendering one page."""
    cached = getattr(user, "_visible_department_ids", None)
    if cached is None:
        if not user.is_authenticated or user.organisation_id is None:
            departments = Department.objects.none()
        else:
            departments = Department.objects.filter(organisation_id=user.organisation_id)
            if not user.sees_all_departments:
                departments = departments.filter(members=user)
        cached = frozenset(departments.values_list("pk", flat=True))
        user._visible_department_ids = cached
    return cached


def departments_visible_to(user: User) -> QuerySet[Department]:
    return restrict(Department.objects.all(), user)


register(Organisation, organisation="id")
register(Department, organisation="organisation", department="id")
register(DepartmentAlias, organisation="organisation", department="department")
register(DepartmentGroup, organisation="organisation")
register(User, organisation="organisation")


def users_visible_to(user: User) -> QuerySet[User]:
    """The accounts 创文办 and administrators manage: their own organisation's, nobody else's."""
    return restrict(User.objects.all(), user, "manage")


def login_attempts_visible_to(user: User) -> QuerySet[AccessAttempt]:
    """Failed log-in counters of the organisation's user names (a superuser also sees unknown names)."""
    if not user.is_authenticated or not user.is_coordinator:
        return AccessAttempt.objects.none()
    if user.is_superuser:
        return AccessAttempt.objects.all()
    return AccessAttempt.objects.filter(username__in=users_visible_to(user).values("username"))
