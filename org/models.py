from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.crypto import salted_hmac


class Organisation(models.Model):
    """A unit that owns task tables (益阳市司法局); a city office (市创文办) may sit above units."""

    name = models.CharField("单位名称", max_length=100, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name="上级单位", null=True, blank=True, on_delete=models.PROTECT,
        related_name="members",
    )

    class Meta:
        verbose_name = verbose_name_plural = "单位"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    class Kind(models.TextChoices):
        OFFICE = "office", "科室"
        UNIT = "unit", "直属单位"
        PARTY = "party", "党组织"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="departments")
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.OFFICE)
    order = models.PositiveIntegerField("排序", default=0)
    # Overdue reminders escalate from the clerks to the head (科室负责人), then to 创文办.
    head = models.ForeignKey(
        "User", verbose_name="科室负责人", null=True, blank=True, on_delete=models.SET_NULL, related_name="headed",
    )

    class Meta:
        verbose_name = verbose_name_plural = "科室"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="department_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class DepartmentAlias(models.Model):
    """Another name the tables use for a department (法制宣传科 for 法治宣传科)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField("别名", max_length=100)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = verbose_name_plural = "科室别名"
        ordering = ["alias"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "alias"], name="alias_unique_per_organisation"),
        ]

    def __str__(self) -> str:
        return f"{self.alias} → {self.department.name}"


class DepartmentGroup(models.Model):
    """A collective name (各科（室）, 各党支部) that stands for several departments.

    Members are the departments of the listed kinds whose names contain `name_contains`
    (when set), plus any listed explicitly.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField("集合名称", max_length=100)
    kinds = models.JSONField("包含的科室类型", default=list, blank=True)
    name_contains = models.CharField("名称包含", max_length=50, blank=True)
    extra_members = models.ManyToManyField(Department, verbose_name="另外包含", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "科室集合"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="group_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def matches(self, *, name: str, kind: str) -> bool:
        """Whether a department of this name and kind belongs to the group by rule (not explicitly)."""
        return kind in self.kinds and self.name_contains in name


class User(AbstractUser):
    class Role(models.TextChoices):
        ADMIN = "admin", "系统管理员"
        COORDINATOR = "coordinator", "创文办"
        LEADER = "leader", "局领导"
        CLERK = "clerk", "科室资料员"
        INSPECTOR = "inspector", "督查员"

    COORDINATOR_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR})  # org.scoping's rights table builds on it

    organisation = models.ForeignKey(
        Organisation, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.CLERK)
    full_name = models.CharField("姓名", max_length=50, blank=True)
    departments = models.ManyToManyField(Department, verbose_name="所属科室", blank=True, related_name="members")
    # The table year this user looks at; empty follows the organisation's current table.
    viewing_year = models.PositiveSmallIntegerField("查看年度", null=True, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)
    # Part of the session hash: raising it ends every session of the user ("log out everywhere").
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    def _get_session_auth_hash(self, secret=None):
        # Django derives the hash from the password only; the generation lets a user end their sessions
        # without changing the password. Overrides the private hook so the fallback keys keep working.
        key_salt = "org.User.get_session_auth_hash"
        return salted_hmac(key_salt, f"{self.password}:{self.session_generation}", secret=secret,
                           algorithm="sha256").hexdigest()

    @property
    def sees_all_departments(self) -> bool:
        """Coordinators, leaders, inspectors and admins work across departments."""
        return self.role != self.Role.CLERK or self.is_superuser

    @property
    def is_coordinator(self) -> bool:
        return self.role in self.COORDINATOR_ROLES or self.is_superuser
