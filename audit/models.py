"""The append-only trail of who did what, when and from where."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from audit.formatting import details_text
from org import scoping


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AuditEventQuerySet":
        """A system superuser reads every organisation's trail; 创文办 and unit admins their own."""
        if user.is_authenticated and user.is_superuser:
            return self
        return scoping.restrict(self, user, "view")

    # No path in the app edits or removes events; only the retention command prunes old ones.
    def update(self, **kwargs):
        raise TypeError("审计日志不可修改")

    def delete(self):
        raise TypeError("审计日志不可删除")

    def prune(self, *, before) -> int:
        count, _ = models.QuerySet.delete(self.filter(time__lt=before))
        return count


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", "登录"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOCKED_OUT = "locked_out", "账号锁定"
        LOGOUT = "logout", "退出登录"
        UNLOCK = "unlock", "解除锁定"
        PASSWORD = "password", "密码变更"
        SESSIONS_ENDED = "sessions_ended", "退出所有设备"
        CREATE = "create", "新建"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"
        STATUS = "status", "资料状态变更"
        DOWNLOAD = "download", "下载"
        EXPORT = "export", "导出"
        IMPORT = "import", "导入"
        YEAR = "year", "年度设置"
        REFUSED = "refused", "操作被拒绝"
        # evidence.services._bin_record: soft deletes and what became of them
        RECYCLE_BIN_DELETE = "recycle_bin_delete", "移入回收站"
        RECYCLE_BIN_RESTORE = "recycle_bin_restore", "从回收站恢复"
        RECYCLE_BIN_PURGE = "recycle_bin_purge", "彻底删除"

    time = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    # Kept as text too: the user name typed at a failed log-in, or of an account since removed.
    actor_name = models.CharField("操作人账号", max_length=150, blank=True)
    organisation = models.ForeignKey("org.Organisation", verbose_name="单位", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)
    action = models.CharField("操作", max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField("对象类型", max_length=50, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    details = models.JSONField("详情", default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "审计日志"
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["organisation", "-time"], name="audit_org_time")]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    @property
    def details_text(self) -> str:
        return details_text(self.details)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("审计日志不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("审计日志不可删除")


scoping.register(AuditEvent, organisation="organisation", roles={"view": scoping.COORDINATORS})
