"""What an uploaded document is for, guessed from its file name (方案, 总结, 报告 …).

Chinese document names end with what the document is — 《关于开展道德讲堂活动的实施方案》,
《2026年上半年志愿服务工作总结》, 《…情况报告》 — so the keyword nearest the end of the name
wins. The guess only preselects the purpose; the clerk can change it per file.
"""

import re

PLAN = "plan"
SUMMARY = "summary"
REPORT = "report"
DOCUMENT = "document"
STATISTICS = "statistics"

_KEYWORDS = {
    PLAN: ("方案", "计划", "预案", "安排", "要点"),
    SUMMARY: ("总结", "小结", "工作总结"),
    REPORT: ("报告", "情况说明", "说明", "汇报"),
    DOCUMENT: ("制度", "办法", "规定", "细则", "通知", "意见", "决定", "红头", "文件"),
    STATISTICS: ("统计", "台账", "汇总表", "一览表", "登记表", "花名册", "明细表"),
}
_SPREADSHEET_SUFFIXES = (".xlsx", ".xls", ".csv")


def purpose_from_filename(name: str) -> str | None:
    """The requirement kind a document named ``name`` most likely serves, or None when the name
    says nothing (IMG_2041.pdf). Folders in the name are ignored."""
    base = re.split(r"[\\/]", name)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    best: tuple[int, int, str] | None = None  # (where the keyword ends, its length, purpose)
    for purpose, keywords in _KEYWORDS.items():
        for keyword in keywords:
            at = stem.rfind(keyword)
            if at >= 0:
                candidate = (at + len(keyword), len(keyword), purpose)
                best = max(best, candidate) if best else candidate
    if best is not None:
        return best[2]
    return STATISTICS if base.lower().endswith(_SPREADSHEET_SUFFIXES) else None
