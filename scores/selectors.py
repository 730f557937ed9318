"""Reads for scores: projected scores of a table, dashboard data, the risk list and the ranking.

Everything is computed in Python from a fixed set of queries (tasks with their entered scores and
responsibilities, the evidence progress map, the deadline), so a page costs the same number of
queries for ten tasks or ten thousand. The rules themselves live in lib/scoring/rules.py.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from itertools import groupby

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from evidence.selectors import TaskProgress, information_report_dates, task_progress_map
from frameworks.models import Framework, Responsibility, Section, Task
from lib.scoring import rules
from org.models import Department, User
from scores.models import AssessmentDeadline, ScoreSnapshot, TaskScore

RISK_LIST_LENGTH = 10
TREND_DAYS = 180


@dataclass(frozen=True)
class ScoredTask:
    task: Task
    progress: TaskProgress
    result: rules.TaskResult

    @property
    def responsibilities(self) -> list[Responsibility]:
        return list(self.task.responsibilities.all())  # prefetched

    @property
    def entered(self) -> TaskScore | None:
        return getattr(self.task, "score", None)  # select_related; missing reverse one-to-one → None

    @property
    def self_score(self) -> Decimal | None:
        return self.entered.self_score if self.entered else None

    @property
    def official_score(self) -> Decimal | None:
        return self.entered.official_score if self.entered else None

    @cached_property  # summed into the total, its section, category and every department
    def tally(self) -> rules.Tally:
        return rules.Tally.of(self.result, self_score=self.self_score, official_score=self.official_score)

    @property
    def evidence_summary(self) -> str:
        """资料完成情况 in words: submissions by state, and periods for recurring duties."""
        progress = self.progress
        parts = [f"{label}{count}" for label, count in (
            ("已通过", progress.approved), ("待审核", progress.pending),
            ("退回", progress.returned), ("草稿", progress.draft)) if count]
        result = self.result
        if result.recurring and result.windows_counted:
            parts.append(f"周期达标 {result.windows_satisfied}/{result.windows_counted}")
        elif result.recurring:
            parts.append("首个周期未结束")
        if progress.approved and not progress.requirements_met:
            parts.append("要求未齐")
        return "，".join(parts) or "暂无资料"


@dataclass(frozen=True)
class Group:
    name: str
    tally: rules.Tally
    section: str = ""  # categories are named within their section
    department: Department | None = None


@dataclass(frozen=True)
class FrameworkScores:
    framework: Framework
    today: date
    due_date: date
    tasks: list[ScoredTask]

    @cached_property
    def total(self) -> rules.Tally:
        return rules.tally(t.tally for t in self.tasks)

    @cached_property
    def by_section(self) -> list[tuple[Section, list[ScoredTask]]]:
        grouped = groupby(self.tasks, key=lambda t: t.task.section)  # tasks come in table order
        return [(section, list(tasks)) for section, tasks in grouped]

    @cached_property
    def sections(self) -> list[Group]:
        return [Group(section.name, rules.tally(t.tally for t in tasks)) for section, tasks in self.by_section]

    @cached_property
    def categories(self) -> list[Group]:
        by_category = groupby(self.tasks, key=lambda t: (t.task.section.name, t.task.category))
        return [Group(category or "（未分项目）", rules.tally(t.tally for t in tasks), section=section)
                for (section, category), tasks in by_category]

    @cached_property
    def departments(self) -> list[Group]:
        """A task shared by several departments counts in full for each of them."""
        tallies: dict[Department, rules.Tally] = {}
        for scored in self.tasks:
            for responsibility in scored.responsibilities:
                department = responsibility.department
                tallies[department] = tallies.get(department, rules.Tally()) + scored.tally
        ordered = sorted(tallies.items(), key=lambda item: (item[0].order, item[0].pk))
        return [Group(department.name, tally, department=department) for department, tally in ordered]

    @cached_property
    def ranking(self) -> list[Group]:
        """Most complete first; among equals, fewer overdue tasks first."""
        return sorted(self.departments, key=lambda g: (-g.tally.completion, g.tally.overdue))

    @cached_property
    def risks(self) -> list[ScoredTask]:
        at_risk = [t for t in self.tasks if t.result.risk > 0]
        at_risk.sort(key=lambda t: (-t.result.risk, -t.result.points))
        return at_risk[:RISK_LIST_LENGTH]

    @cached_property
    def returned(self) -> int:
        return sum(t.progress.returned for t in self.tasks)

    @cached_property
    def pending(self) -> int:
        return sum(t.progress.pending for t in self.tasks)


def due_date_of(framework: Framework) -> date:
    saved = AssessmentDeadline.objects.filter(framework=framework).values_list("due_date", flat=True).first()
    return saved or AssessmentDeadline.default_for(framework)


def _tasks_of(*, framework: Framework, user: User | None, section: Section | None) -> QuerySet[Task]:
    """user=None is the system itself (the daily snapshot): every task of the table."""
    tasks = Task.objects.all() if user is None else Task.objects.visible_to(user)
    tasks = tasks.current().filter(section__framework=framework)
    if section is not None:
        tasks = tasks.filter(section=section)
    return tasks.select_related("section", "score").prefetch_related(
        Prefetch("responsibilities", queryset=Responsibility.objects.select_related("department")),
        "recurrences")


def framework_scores(*, framework: Framework, today: date, user: User | None = None,
                     section: Section | None = None) -> FrameworkScores:
    tasks = list(_tasks_of(framework=framework, user=user, section=section))
    progress_map = task_progress_map([task.pk for task in tasks], user=user)
    sent, adopted = _information_dates([task.pk for task in tasks], user)
    due = due_date_of(framework)
    scored = []
    for task in tasks:
        progress = progress_map[task.pk]
        facts = rules.TaskFacts(
            points=task.points or Decimal(0),
            requirements_met=progress.requirements_met,
            started=bool(progress.draft or progress.pending or progress.approved or progress.returned),
            approved_dates=progress.approved_dates + sent.get(task.pk, ()),
            adopted_dates=adopted.get(task.pk, ()),
            windows=rules.task_windows(task.recurrences.all(), framework.year, framework.semester_dates),  # prefetched rows, edits included
            due=due,
        )
        scored.append(ScoredTask(task=task, progress=progress, result=rules.evaluate(facts, today)))
    return FrameworkScores(framework=framework, today=today, due_date=due, tasks=scored)


def _information_dates(task_ids: list[int],
                       user: User | None) -> tuple[dict[int, tuple[date, ...]], dict[int, tuple[date, ...]]]:
    """Per task, the days its information reports count on: sent (towards a per-period minimum, like
    approved activities) and adopted (the only thing a 被采用 count reads)."""
    sent: dict[int, tuple[date, ...]] = {}
    adopted: dict[int, tuple[date, ...]] = {}
    for report in information_report_dates(task_ids, user=user):
        for dates, is_adopted in ((sent, False), (adopted, True)):
            day = report.counts_on(adopted=is_adopted)
            if day is not None:
                dates[report.task_id] = dates.get(report.task_id, ()) + (day,)
    return sent, adopted


def snapshot_trend(*, framework: Framework, today: date) -> list[ScoreSnapshot]:
    since = today - timedelta(days=TREND_DAYS)
    return list(ScoreSnapshot.objects.filter(framework=framework, day__gte=since, day__lte=today))


def snapshot_of(scores: FrameworkScores) -> ScoreSnapshot:
    """The snapshot these scores make, unsaved."""
    return ScoreSnapshot(
        framework=scores.framework, day=scores.today, points=scores.total.points,
        projected=scores.total.projected, completion=scores.total.completion,
        sections=group_chart_rows(scores.sections), departments=group_chart_rows(scores.departments))


def group_chart_rows(groups: list[Group]) -> list[dict]:
    """Groups as plain numbers for the charts and the snapshot JSON."""
    return [{"name": g.name, "points": float(g.tally.points), "projected": float(g.tally.projected),
             "completion": g.tally.completion} for g in groups]


def dashboard_chart_data(*, scores: FrameworkScores, trend: list[ScoreSnapshot]) -> dict:
    return {
        "points": float(scores.total.points),
        "sections": group_chart_rows(scores.sections),
        "departments": group_chart_rows(scores.ranking),
        "trend": [{"day": s.day.isoformat(), "projected": float(s.projected), "completion": s.completion}
                  for s in trend],
    }


def task_score_target(*, user: User, pk: int) -> Task:
    """A task whose entered scores the user may change (404 outside their organisation)."""
    tasks = Task.objects.restrict(user, "manage").current().select_related("section__framework", "score")
    return get_object_or_404(tasks, pk=pk)
