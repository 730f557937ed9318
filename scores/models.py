from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from frameworks.models import Framework, Task
from org import scoping


class TaskScore(models.Model):
    """The scores people enter for a task; the projected score is computed, never stored."""

    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="score")
    self_score = models.DecimalField("自评分", max_digits=6, decimal_places=2, null=True, blank=True)
    self_reason = models.TextField("自评理由", blank=True)
    self_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    self_at = models.DateTimeField(null=True, blank=True)
    official_score = models.DecimalField("实际得分", max_digits=6, decimal_places=2, null=True, blank=True)
    official_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    official_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "任务评分"
        constraints = [
            models.CheckConstraint(condition=models.Q(self_score__gte=0), name="self_score_not_negative"),
            models.CheckConstraint(condition=models.Q(official_score__gte=0), name="official_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.task} 评分"

    def clean(self) -> None:
        errors = {}
        points = self.task.points or Decimal(0)
        for field in ("self_score", "official_score"):
            value = getattr(self, field)
            if value is not None and not 0 <= value <= points:
                errors[field] = f"得分应在 0 到 {points.normalize():f} 分之间"
        if self.self_score is not None and not self.self_reason.strip():
            errors["self_reason"] = "请填写自评理由"
        if errors:
            raise ValidationError(errors)


class AssessmentDeadline(models.Model):
    """When one-off work must be ready for the assessment; without a row, 30 November of the year."""

    framework = models.OneToOneField(Framework, on_delete=models.CASCADE, related_name="assessment_deadline")
    due_date = models.DateField("资料截止日期")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "资料截止日期"

    def __str__(self) -> str:
        return f"{self.framework} {self.due_date}"

    @staticmethod
    def default_for(framework: Framework) -> date:
        return date(framework.year, 11, 30)


class ScoreSnapshot(models.Model):
    """The scores of one day, for the trend line; the latest taking of a day wins."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="score_snapshots")
    day = models.DateField("日期")
    points = models.DecimalField("总分值", max_digits=8, decimal_places=2)
    projected = models.DecimalField("预计得分", max_digits=8, decimal_places=2)
    completion = models.FloatField("完成率（%）")
    # [{"name", "points", "projected", "completion"}, …] in table order
    sections = models.JSONField("分表", default=list)
    departments = models.JSONField("科室", default=list)
    taken_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "得分快照"
        ordering = ["framework", "day"]
        constraints = [models.UniqueConstraint(fields=["framework", "day"], name="snapshot_one_per_day")]

    def __str__(self) -> str:
        return f"{self.framework} {self.day}"


scoping.register(TaskScore, organisation="task__section__framework__organisation",
                 department="task__responsibilities__department")
scoping.register(AssessmentDeadline, organisation="framework__organisation")
scoping.register(ScoreSnapshot, organisation="framework__organisation",
                 roles={"view": scoping.WHOLE_UNIT_VIEWERS})
