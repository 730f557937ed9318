from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from frameworks.models import Framework, ImportBatch, Responsibility, Section, Task
from org.models import User
from org.scoping import restrict


def frameworks_of(user: User) -> list[Framework]:
    """The organisation's tables, newest year first (a handful: one per year), read once per user
    object, that is per request: the year switcher and the page both ask."""
    cached = getattr(user, "_frameworks", None)
    if cached is None:
        cached = list(restrict(Framework.objects.all(), user).order_by("-year"))
        user._frameworks = cached
    return cached


def framework_current(user: User) -> Framework | None:
    """The working year: the table every page shows this user — the year they chose, else their
    organisation's current table."""
    frameworks = frameworks_of(user)
    chosen = next((f for f in frameworks if f.year == user.viewing_year), None)
    return chosen or next((f for f in frameworks if f.is_current), None)


def frameworks_current() -> QuerySet[Framework]:
    """Every organisation's current table (for daily jobs that run for all organisations)."""
    return Framework.objects.filter(is_current=True)


def framework_get(*, user: User, year: int) -> Framework:
    return get_object_or_404(restrict(Framework.objects.all(), user), year=year)


def sections_of(framework: Framework | None) -> QuerySet[Section]:
    if framework is None:
        return Section.objects.none()
    return framework.sections.all()


def task_list(*, user: User, framework: Framework | None, section=None, category: str = "",
              department=None, text: str = "") -> QuerySet[Task]:
    tasks = Task.objects.visible_to(user).current().filter(section__framework=framework)
    if section:
        tasks = tasks.filter(section=section)
    if category:
        tasks = tasks.filter(category=category)
    if department:
        tasks = tasks.filter(responsibilities__department=department)
    if text:
        tasks = tasks.filter(Q(text__icontains=text) | Q(guidance__icontains=text) | Q(ref__icontains=text))
    return tasks.select_related("section", "indicator").prefetch_related(
        Prefetch("responsibilities", queryset=Responsibility.objects.select_related("department"))
    )


def categories_of(framework: Framework | None) -> list[str]:
    if framework is None:
        return []
    values = (Task.objects.filter(section__framework=framework, retired=False).exclude(category="")
              .order_by("section__order", "order").values_list("category", flat=True))
    return list(dict.fromkeys(values))


def task_get(*, user: User, pk: int) -> Task:
    tasks = Task.objects.visible_to(user).select_related("section__framework", "indicator__parent")
    return get_object_or_404(tasks, pk=pk)


def import_batch_get(*, user: User, pk: int) -> ImportBatch:
    return get_object_or_404(restrict(ImportBatch.objects.all(), user, "manage"), pk=pk)


def import_batch_find(*, user: User, pk: int) -> ImportBatch | None:
    """None when there is no such batch of the user's organisation (a refused import leaves none)."""
    return restrict(ImportBatch.objects.all(), user, "manage").filter(pk=pk).first()


def import_batches_of(*, user: User) -> QuerySet[ImportBatch]:
    return restrict(ImportBatch.objects.all(), user, "manage").defer("parsed")


def framework_contents(*, framework: Framework) -> dict[str, int]:
    """What deleting the table takes with it, for the confirmation page."""
    tasks = Task.objects.filter(section__framework=framework)
    return {"tasks": tasks.count(),
            "submissions": tasks.values("submissions").exclude(submissions=None).count()}
