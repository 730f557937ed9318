"""Checks of one activity's evidence against its task's requirements, with Chinese messages (no Django)."""

from .checks import CheckResult, DocumentSummary, Evidence, PhotoSummary, RequirementSpec, blocking, describe, evaluate

__all__ = ["CheckResult", "DocumentSummary", "Evidence", "PhotoSummary", "RequirementSpec", "blocking", "describe",
           "evaluate"]
