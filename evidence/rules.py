"""Who may do what with evidence. Each rule returns the Chinese reason for a refusal, or "" when allowed,
so that services raise it and templates hide the buttons from the same answer.

Seeing a submission at all, and which roles may act, is decided by org.scoping (out of scope → 404).
"""

from evidence.models import Submission
from frameworks.models import Task
from frameworks.rules import framework_write_refusal
from org.models import Department, User
from org.scoping import allows, department_ids_visible_to

Status = Submission.Status


def files_evidence(user: User) -> bool:
    """Coordinators and clerks fill in evidence; leaders and inspectors only look."""
    return allows(user, "change")


def _acts_for(user: User, department_id: int) -> bool:
    """Coordinators act for every department of their organisation, clerks for their own."""
    return files_evidence(user) and department_id in department_ids_visible_to(user)


def year_refusal(task: Task) -> str:
    """Evidence and requirements of a closed year stay as they are."""
    return framework_write_refusal(task.section.framework)


def create_refusal(user: User, task: Task, department: Department) -> str:
    if year_refusal(task):
        return year_refusal(task)
    if not _acts_for(user, department.pk):
        return "您不能为该科室填报资料"
    if task.retired:
        return "此项已不在最新导入的分解表中，不能再新建资料"
    if not task.responsibilities.filter(department=department).exists():
        return f"{department.name}不负责此项任务"
    return ""


def edit_refusal(user: User, submission: Submission) -> str:
    """Changing a submission's fields or files; clerks only while it is a draft or returned."""
    if year_refusal(submission.task):
        return year_refusal(submission.task)
    if not _acts_for(user, submission.department_id):
        return "您不能修改该科室的资料"
    if user.is_coordinator:
        return ""
    if submission.status == Status.PENDING:
        return "资料正在审核中，暂不能修改"
    if submission.status == Status.APPROVED:
        return "资料已通过审核，不能再修改"
    return ""


def submit_refusal(user: User, submission: Submission) -> str:
    if submission.status not in (Status.DRAFT, Status.RETURNED):
        return "只有草稿或已退回的资料可以提交审核"
    return edit_refusal(user, submission)


def review_refusal(user: User, submission: Submission) -> str:
    if not allows(user, "review") or not _acts_for(user, submission.department_id):
        return "只有创文办可以审核资料"
    return year_refusal(submission.task)


def delete_refusal(user: User, submission: Submission) -> str:
    if submission.status != Status.DRAFT:
        return "只有草稿可以删除"
    return edit_refusal(user, submission)
