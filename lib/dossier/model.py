"""What a dossier (台账) holds, as plain data: the Django side fills it, the writers lay it out."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO


@dataclass(frozen=True)
class Photo:
    number: int  # the photo's number within its activity, printed as 图1, 图2 …
    captions: tuple[tuple[str, str], ...]  # (时间, 2026年3月5日), (地点, …) in the task's order
    open: Callable[[], BinaryIO]


@dataclass(frozen=True)
class Attachment:
    role: str  # 方案（计划）, 总结 …
    name: str


@dataclass(frozen=True)
class Activity:
    title: str
    date: str
    department: str
    status: str
    fields: tuple[tuple[str, str], ...] = ()  # (说明报告, text), (网址, …): only filled ones
    attachments: tuple[Attachment, ...] = ()
    photos: tuple[Photo, ...] = ()


@dataclass(frozen=True)
class RequirementLine:
    description: str
    met: bool


@dataclass(frozen=True)
class DossierTask:
    ref: str
    section: str
    category: str
    text: str
    points: str  # "2分", or "" for an unscored task
    departments: str
    requirements: tuple[RequirementLine, ...] = ()
    activities: tuple[Activity, ...] = ()


@dataclass(frozen=True)
class Cover:
    unit: str
    year: int
    title: str  # 2026年度创建全国文明城市工作台账
    subtitle: str  # what is in it: 全表 / 共性任务 / 行财科 / 创建氛围-2 …
    date: str


@dataclass
class Progress:
    """Called after each photo and each task so the page shows movement on long builds."""

    total: int
    report: Callable[[int, int], None] = field(default=lambda done, total: None)
    done: int = 0

    def step(self, n: int = 1) -> None:
        self.done += n
        self.report(self.done, self.total)


PHOTO_LAYOUTS = (1, 2, 4, 6)


def photo_count(tasks: Iterable[DossierTask]) -> int:
    return sum(len(a.photos) for t in tasks for a in t.activities)
