import secrets

from django.conf import settings
from django.db import models

from org import scoping
from org.models import Department, Organisation


class ReminderSettings(models.Model):
    """When an organisation's reminders go out (创文办 sets them; defaults when never saved)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="reminder_settings")
    due_soon_days = models.PositiveSmallIntegerField("到期前几天提醒", default=7)
    overdue_repeat_days = models.PositiveSmallIntegerField("逾期后每几天重复提醒", default=3)
    escalate_head_days = models.PositiveSmallIntegerField("逾期几天后提醒科室负责人", default=3)
    escalate_coordinator_days = models.PositiveSmallIntegerField("逾期几天后提醒创文办", default=7)

    class Meta:
        verbose_name = verbose_name_plural = "提醒设置"

    def __str__(self) -> str:
        return f"{self.organisation}的提醒设置"


class Channel(models.TextChoices):
    IN_APP = "in_app", "站内通知"
    EMAIL = "email", "邮件"
    WECOM = "wecom", "企业微信群机器人"
    DINGTALK = "dingtalk", "钉钉群机器人"


class Webhook(models.Model):
    """A group robot (企业微信 / 钉钉) that receives an organisation's or one department's reminders."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="webhooks")
    # Blank: the whole organisation's group (reminders of every department and of 创文办).
    department = models.ForeignKey(Department, verbose_name="科室", null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="webhooks")
    kind = models.CharField("类型", max_length=10,
                            choices=[(Channel.WECOM.value, Channel.WECOM.label),
                                     (Channel.DINGTALK.value, Channel.DINGTALK.label)])
    name = models.CharField("名称", max_length=50)
    url = models.URLField("Webhook 地址", max_length=500)
    secret = models.CharField("加签密钥（钉钉）", max_length=200, blank=True)
    enabled = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "群机器人"
        ordering = ["organisation", "department", "id"]

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """An in-app message; the bell counts the unread ones."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "站内通知"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """One reminder on one channel to one person or robot. The unique key makes a reminder run
    idempotent: running it again inserts nothing that was already queued or sent."""

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    key = models.CharField(max_length=300, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="deliveries")
    webhook = models.ForeignKey(Webhook, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试")
    last_error = models.TextField("最近错误", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "提醒发送记录"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return self.title


class ChannelMute(models.Model):
    """A channel a user turned off for themselves."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_channels")
    channel = models.CharField(max_length=10, choices=Channel.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "channel"], name="mute_once")]


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret address of a user's iCalendar feed; rotating the token revokes the old address."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)


scoping.register(ReminderSettings, organisation="organisation", roles={"view": scoping.COORDINATORS})
scoping.register(Webhook, organisation="organisation", roles={"view": scoping.COORDINATORS})
scoping.register(Delivery, organisation="organisation", roles={"view": scoping.COORDINATORS})
scoping.register(Notification, organisation="user__organisation", roles={"view": scoping.COORDINATORS})
