"""The one rule for writing into a table of a past year, shared by every write service."""

from frameworks.models import Framework


def framework_write_refusal(framework: Framework) -> str:
    """Why nothing may be changed in this table (its year is closed), or "" when it is open."""
    if framework.writable:
        return ""
    return f"{framework.year}年度的分解表已关闭，只能查看；如需补充或修改，请创文办在“年度”页重新开放"
