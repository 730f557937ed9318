from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.utils import timezone

from evidence.demo import demo_evidence_create
from frameworks.models import Framework
from frameworks.services import framework_import
from org.models import Organisation, User
from org.services import organisation_get_or_create, user_create

DEMO_TABLE = Path(settings.BASE_DIR) / "demo" / "yiyang-sfj-task-table.docx"
DEMO_PASSWORD = "chuangwen2026"

# (username, full name, role, departments, is_staff)
DEMO_USERS = [
    ("admin", "系统管理员", User.Role.ADMIN, [], True),
    ("cwb", "创文办 王主任", User.Role.COORDINATOR, ["政治部"], True),
    ("leader", "局领导 李局长", User.Role.LEADER, [], False),
    ("xck", "行财科 资料员小陈", User.Role.CLERK, ["行财科"], False),
    ("rsk", "人事科 资料员小刘", User.Role.CLERK, ["人事科"], False),
    ("inspector", "督查员 赵督查", User.Role.INSPECTOR, [], False),
]


def database_is_empty() -> bool:
    return not (User.objects.exists() or Organisation.objects.exists() or Framework.objects.exists())


class Command(BaseCommand):
    help = ("载入演示数据：益阳市司法局任务分解表和演示账号。只在空数据库中执行；"
            "--force（make run 时 DEMO=1）在已有数据的库中重新载入，但只更新已有的演示年度，不会新增年度。")

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="数据库已有数据时也载入（不新增年度）")

    def handle(self, *args, force=False, **options):
        if not database_is_empty() and not force:
            self.stdout.write("数据库已有数据，未载入演示数据（如需载入请用 DEMO=1 make run 或 seed_demo --force）。")
            return
        organisation = organisation_get_or_create(name="益阳市司法局")
        # A database with a demo table keeps its year: seeding again never adds a year to it.
        existing = organisation.frameworks.order_by("-is_current", "-year").first()
        year = existing.year if existing else timezone.localdate().year
        result = framework_import(organisation=organisation, data=DEMO_TABLE.read_bytes(),
                                  filename=DEMO_TABLE.name, year=year)
        self.stdout.write(f"任务分解表：{result.framework.title}（新增 {result.created}，更新 {result.updated}）")
        departments = {d.name: d for d in organisation.departments.all()}
        for username, full_name, role, department_names, is_staff in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            # The password is published in the README: every demo account must replace it at first log-in.
            user = user_create(organisation=organisation, username=username, password=DEMO_PASSWORD, role=role,
                               full_name=full_name, departments=[departments[n] for n in department_names],
                               is_staff=is_staff, must_change_password=True)
            if role == User.Role.ADMIN:
                user.is_superuser = True
                user.save(update_fields=["is_superuser"])
            elif is_staff:
                # 创文办 keeps departments, aliases, collective names and tables in the back office.
                user.user_permissions.set(Permission.objects.filter(
                    content_type__app_label__in=["org", "frameworks"]).exclude(content_type__model="user"))
        added = demo_evidence_create(organisation)
        if added:
            self.stdout.write(f"示例活动资料：{added} 份")
        self.stdout.write("\n演示账号（初始密码均为 %s，首次登录须修改）：" % DEMO_PASSWORD)
        for username, full_name, role, _, _ in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {User.Role(role).label:<8} {full_name}")
