"""What a task's texts ask for, in one place: its evidence requirements and its recurring duties,
for the whole task and for each department's share of the guidance.

Both the dry-run JSON of `import_table` and the stored rows of the evidence app come from here.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from .recurrence import Recurrence, parse_recurrences
from .requirements import RequirementSet, parse_requirements


@dataclass(frozen=True)
class TaskRules:
    requirements: RequirementSet
    recurrences: list[Recurrence]  # of the whole task
    duties: dict[str, list[Recurrence]]  # department → recurrences of its duty text


def _key(recurrence: Recurrence) -> tuple:
    return recurrence.unit, recurrence.interval, recurrence.min_count, recurrence.max_count, recurrence.adopted


def rules_of(text: str, guidance: str, duties: Mapping[str, str]) -> TaskRules:
    """The task text states its duties first; the guidance adds those the text does not state
    (the same frequency is read once), except duties inside a department's share of the guidance,
    which are that department's."""
    recurrences = parse_recurrences(text)
    stated = {_key(recurrence) for recurrence in recurrences}
    for recurrence in parse_recurrences(guidance):
        in_duty = any(recurrence.source in duty for duty in duties.values())
        if not in_duty and _key(recurrence) not in stated:
            recurrences.append(recurrence)
    return TaskRules(
        requirements=parse_requirements(guidance),
        recurrences=recurrences,
        duties={department: parse_recurrences(duty) for department, duty in duties.items()},
    )


_REQUIREMENT_KEYS = (
    "kind", "min_count", "max_count", "target_chars", "caption_fields", "group_label", "group_count", "per_group",
    "source",
)
_RECURRENCE_KEYS = ("unit", "interval", "min_count", "max_count", "source")


def task_rules(text: str, guidance: str, duties: Mapping[str, str]) -> dict:
    """The "requirements", "recurrences" and "duties" keys of a task in the dry-run JSON."""
    rules = rules_of(text, guidance, duties)
    return {
        "requirements": [_pick(requirement, _REQUIREMENT_KEYS) for requirement in rules.requirements.requirements],
        "requirements_unparsed": rules.requirements.unparsed_sentences,
        "recurrences": [_pick(recurrence, _RECURRENCE_KEYS) for recurrence in rules.recurrences],
        "duties": [
            {"department": department, "text": duties[department],
             "recurrences": [_pick(recurrence, _RECURRENCE_KEYS) for recurrence in recurrences]}
            for department, recurrences in rules.duties.items()
        ],
    }


def _pick(item, keys: tuple[str, ...]) -> dict:
    values = asdict(item)
    return {key: list(values[key]) if isinstance(values[key], tuple) else values[key] for key in keys}
