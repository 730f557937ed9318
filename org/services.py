from django.db import transaction

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
    departments: list[Department] = (), is_staff: bool = False,
) -> User:
    user = User.objects.create_user(
        username=username, password=password, organisation=organisation, role=role,
        full_name=full_name, is_staff=is_staff,
    )
    user.departments.set(departments)
    return user
