"""Turning department names as a table writes them into the organisation's departments.

Tables name one department several ways (法制宣传科 / 法治宣传科, 公共法律服务中心（法援中心）)
and use collective names (各科（室）). Resolution is planned for a whole table at once, so the
canonical name of a department does not depend on which row mentions it first.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

# Names offices commonly use for the same department; the value is the canonical name.
# Each becomes an editable DepartmentAlias the first time the department is created.
DEFAULT_ALIASES = {
    "法制宣传科": "法治宣传科",
    "教培科": "司考教培科",
    "法规科": "政策法规科",
    "公证处": "银鑫公证处",
    "法援中心": "公共法律服务中心",
}

# Collective names: (name, kinds, name_contains). 各科（室） stands for every department
# except party organisations; 各党支部 for the party branches.
DEFAULT_GROUPS = [
    ("各科（室）", ["office", "unit"], ""),
    ("各科室", ["office", "unit"], ""),
    ("各责任科（室）", ["office", "unit"], ""),
    ("各责任科室", ["office", "unit"], ""),
    ("各职能科室", ["office"], ""),
    ("各党支部", ["party"], "支部"),
]

_PARTY_MARKERS = ("党委", "党支部", "党总支", "党组", "工会", "团委", "妇委会")
_UNIT_SUFFIXES = ("处", "中心", "所", "院", "站", "队", "馆")


def normalise_name(name: str) -> str:
    """Same spelling for the same name: no spaces, full-width parentheses."""
    return "".join(name.split()).replace("(", "（").replace(")", "）")


def guess_kind(name: str) -> str:
    if any(marker in name for marker in _PARTY_MARKERS):
        return "party"
    if name.endswith(_UNIT_SUFFIXES):
        return "unit"
    return "office"


# 各业务科室, 全体干部职工, 所有党支部, 局属各单位: a name for several departments, whatever its wording.
_COLLECTIVE = re.compile(r"^(?:各|全体|所有|全局|(?:局属|市直|县直|区直|下属|机关)各)")


def is_collective(name: str) -> bool:
    return _COLLECTIVE.match(name) is not None


def guess_group_rule(name: str) -> tuple[list[str], str]:
    """(kinds, name_contains) for a collective name no group has yet: 各直属单位 → units,
    所有党支部 → party organisations named …支部, 各业务科室 → offices, anything else → every
    department except party organisations (as 各科（室）)."""
    if "支部" in name:
        return ["party"], "支部"
    if "党" in name:
        return ["party"], ""
    if any(word in name for word in ("直属单位", "下属单位", "二级机构")):
        return ["unit"], ""
    if "业务" in name or "职能" in name:
        return ["office"], ""
    return ["office", "unit"], ""


@dataclass
class NamePlan:
    """What each raw name resolves to, and what must be created for it."""

    canonical: dict[str, str] = field(default_factory=dict)  # raw name → canonical department name
    groups: set[str] = field(default_factory=set)  # raw names that are collective names
    new_departments: list[str] = field(default_factory=list)
    new_aliases: dict[str, str] = field(default_factory=dict)  # alias → canonical name


class _Clusters:
    """Union-find over names that the table says are the same department."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, name: str) -> str:
        self.parent.setdefault(name, name)
        while self.parent[name] != name:
            self.parent[name] = self.parent[self.parent[name]]
            name = self.parent[name]
        return name

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)

    def members(self) -> dict[str, list[str]]:
        clusters: dict[str, list[str]] = {}
        for name in self.parent:
            clusters.setdefault(self.find(name), []).append(name)
        return clusters


def plan_names(
    mentions: list[tuple[str, tuple[str, ...]]],
    *,
    existing_departments: set[str],
    existing_aliases: dict[str, str],
    group_names: set[str],
) -> NamePlan:
    """Plan the resolution of (name, aliases) mentions against what the organisation has."""
    plan = NamePlan()
    clusters = _Clusters()
    frequency: Counter[str] = Counter()
    first_seen: dict[str, int] = {}

    def known_as(name: str) -> str:
        return existing_aliases.get(name) or DEFAULT_ALIASES.get(name) or name

    for name, aliases in mentions:
        name = normalise_name(name)
        if name in group_names or is_collective(name):
            plan.groups.add(name)
            continue
        frequency[name] += 1
        first_seen.setdefault(name, len(first_seen))
        clusters.union(name, known_as(name))
        for alias in aliases:
            alias = normalise_name(alias)
            first_seen.setdefault(alias, len(first_seen))
            clusters.union(alias, name)
            clusters.union(alias, known_as(alias))

    for names in clusters.members().values():
        canonical = _choose_canonical(names, existing_departments, frequency, first_seen)
        if canonical not in existing_departments:
            plan.new_departments.append(canonical)
        for name in names:
            plan.canonical[name] = canonical
            if name != canonical and existing_aliases.get(name) != canonical:
                plan.new_aliases[name] = canonical
    plan.new_departments.sort(key=lambda n: first_seen.get(n, len(first_seen)))
    return plan


def _choose_canonical(names, existing_departments, frequency, first_seen) -> str:
    existing = [n for n in names if n in existing_departments]
    if existing:
        return min(existing, key=lambda n: first_seen.get(n, 0))
    defaults = [n for n in names if n in DEFAULT_ALIASES.values()]
    if defaults:
        return defaults[0]
    return max(names, key=lambda n: (frequency[n], -first_seen.get(n, 0)))
