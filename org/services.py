from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.db import transaction

from audit.services import audit_record

from org.models import Department, DepartmentAlias, DepartmentGroup, Organisation, User
from org.resolution import DEFAULT_GROUPS, NamePlan, guess_kind, normalise_name, plan_names


@transaction.atomic
def organisation_get_or_create(*, name: str) -> Organisation:
    organisation, created = Organisation.objects.get_or_create(name=name)
    if created:
        for group_name, kinds, name_contains in DEFAULT_GROUPS:
            DepartmentGroup.objects.create(
                organisation=organisation, name=group_name, kinds=kinds, name_contains=name_contains
            )
    return organisation


def department_names_plan(*, organisation: Organisation | None, mentions) -> NamePlan:
    """Plan how the (name, aliases) mentions of a table map onto departments (no writes)."""
    if organisation is None:
        return plan_names(mentions, existing_departments=set(), existing_aliases={}, group_names=set())
    return plan_names(
        mentions,
        existing_departments=set(organisation.departments.values_list("name", flat=True)),
        existing_aliases=dict(organisation.aliases.values_list("alias", "department__name")),
        group_names=set(organisation.groups.values_list("name", flat=True)),
    )


@transaction.atomic
def department_names_apply(*, organisation: Organisation, plan: NamePlan) -> dict[str, Department]:
    """Create the planned departments and aliases; return every department by name and alias."""
    next_order = organisation.departments.count()
    for offset, name in enumerate(plan.new_departments):
        Department.objects.get_or_create(
            organisation=organisation, name=name,
            defaults={"kind": guess_kind(name), "order": next_order + offset},
        )
    by_name = {d.name: d for d in organisation.departments.all()}
    for alias, canonical in plan.new_aliases.items():
        DepartmentAlias.objects.update_or_create(
            organisation=organisation, alias=alias, defaults={"department": by_name[canonical]}
        )
    return {raw: by_name[canonical] for raw, canonical in plan.canonical.items()}


def groups_members(*, organisation: Organisation, names) -> dict[str, list[Department]]:
    """The departments each collective name stands for (missing names map to nothing), in two queries."""
    departments = list(organisation.departments.all())
    members = {}
    for group in organisation.groups.filter(name__in=[normalise_name(n) for n in names]).prefetch_related(
            "extra_members"):
        chosen = {d.pk: d for d in departments if group.matches(name=d.name, kind=d.kind)}
        chosen.update({d.pk: d for d in group.extra_members.all()})
        members[group.name] = sorted(chosen.values(), key=lambda d: (d.order, d.pk))
    return members


@transaction.atomic
def department_alias_set(*, department: Department, aliases: list[str]) -> None:
    """Replace a department's aliases (the coordinator edits them on the department page)."""
    wanted = {normalise_name(a) for a in aliases if a.strip()} - {department.name}
    clash = DepartmentAlias.objects.filter(organisation_id=department.organisation_id, alias__in=wanted).exclude(
        department=department
    )
    if clash.exists() or department.organisation.departments.filter(name__in=wanted).exists():
        taken = sorted({a.alias for a in clash} | set(
            department.organisation.departments.filter(name__in=wanted).values_list("name", flat=True)))
        raise ValueError(f"别名已被其他科室使用：{'、'.join(taken)}")
    department.aliases.exclude(alias__in=wanted).delete()
    for alias in wanted:
        DepartmentAlias.objects.get_or_create(
            organisation_id=department.organisation_id, alias=alias, defaults={"department": department}
        )


@transaction.atomic
def user_create(
    *, organisation: Organisation, username: str, password: str, role: str, full_name: str = "",
    departments: list[Department] = (), is_staff: bool = False, must_change_password: bool = False,
) -> User:
    user = User.objects.create_user(
        username=username, password=password, organisation=organisation, role=role,
        full_name=full_name, is_staff=is_staff, must_change_password=must_change_password,
    )
    user.departments.set(departments)
    return user


# --- accounts managed by 创文办 ----------------------------------------------------------------

class AccountRefused(Exception):
    """A refused account change; the message is Chinese and shown as is."""


def roles_assignable_by(actor: User) -> list[tuple[str, str]]:
    """创文办 hands out every role but 系统管理员, which only an administrator gives."""
    may_admin = actor.is_superuser or actor.role == User.Role.ADMIN
    return [(value, label) for value, label in User.Role.choices if may_admin or value != User.Role.ADMIN]


def _check_manage(actor: User, *, role: str, departments, target: User | None = None) -> None:
    if not actor.is_coordinator:
        raise AccountRefused("只有创文办和系统管理员可以管理用户")
    if target is not None and target.organisation_id != actor.organisation_id:
        raise AccountRefused("不能管理其他单位的用户")
    if target is not None and (target.is_superuser or target.role == User.Role.ADMIN) \
            and role != target.role and not (actor.is_superuser or actor.role == User.Role.ADMIN):
        raise AccountRefused("只有系统管理员可以更改管理员的角色")
    if role not in dict(roles_assignable_by(actor)):
        raise AccountRefused("您不能授予该角色")
    if any(d.organisation_id != actor.organisation_id for d in departments):
        raise AccountRefused("只能选择本单位的科室")
    if role == User.Role.CLERK and not departments:
        raise AccountRefused("科室资料员须至少选择一个科室")


@transaction.atomic
def user_account_create(*, actor: User, username: str, full_name: str, role: str, departments: list[Department],
                        password: str) -> User:
    """A new account in the actor's organisation; its holder chooses their own password at first log-in."""
    _check_manage(actor, role=role, departments=departments)
    if User.objects.filter(username=username).exists():
        raise AccountRefused(f"用户名“{username}”已被使用")
    return user_create(organisation=actor.organisation, username=username, password=password, role=role,
                       full_name=full_name, departments=departments, must_change_password=True)


@transaction.atomic
def user_account_update(*, actor: User, user: User, full_name: str, role: str, departments: list[Department],
                        is_active: bool) -> User:
    _check_manage(actor, role=role, departments=departments, target=user)
    if user.pk == actor.pk and (role != user.role or not is_active):
        raise AccountRefused("不能更改自己的角色或停用自己的账号")
    ended = user.is_active and not is_active
    user.full_name, user.role, user.is_active = full_name, role, is_active
    if ended:
        user.session_generation += 1  # a deactivated account's open sessions end with it
    user.save()
    user.departments.set(departments)
    return user


@transaction.atomic
def user_password_reset(*, actor: User, user: User, password: str) -> User:
    """A temporary password set by 创文办: every session of the user ends and the next log-in asks for a new one."""
    _check_manage(actor, role=user.role, departments=list(user.departments.all()), target=user)
    user.set_password(password)
    user.must_change_password = True
    user.session_generation += 1
    user.save()
    audit_record(action="password", obj=user, details={"by": "reset"})
    return user


@transaction.atomic
def user_password_change(*, user: User, password: str) -> User:
    user.set_password(password)
    user.must_change_password = False
    user.save()
    audit_record(action="password", obj=user, details={"by": "self"})
    return user


@transaction.atomic
def user_sessions_end(*, user: User) -> User:
    """Log out everywhere: every session's stored hash stops matching."""
    user.session_generation += 1
    user.save(update_fields=["session_generation"])
    audit_record(action="sessions_ended", obj=user)
    return user



def login_lock_clear(*, actor: User, attempt: AccessAttempt) -> int:
    """Unlock a user name at an address (the lock is per pair); returns how many records were cleared."""
    if not actor.is_coordinator:
        raise AccountRefused("只有创文办和系统管理员可以解除锁定")
    cleared = axes_reset(username=attempt.username, ip=attempt.ip_address)
    audit_record(action="unlock", object_repr=attempt.username,
                 details={"username": attempt.username, "ip": attempt.ip_address})
    return cleared
