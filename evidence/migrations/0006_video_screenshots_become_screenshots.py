from django.db import migrations

# 视频截图 is now one source of the broader 截图 kind (网络截图, 电视截屏 …).
OLD, NEW = "video_screenshot", "screenshots"


def forwards(apps, schema_editor):
    apps.get_model("evidence", "Requirement").objects.filter(kind=OLD).update(kind=NEW)
    apps.get_model("evidence", "EvidenceFile").objects.filter(role=OLD).update(role=NEW)


def backwards(apps, schema_editor):
    apps.get_model("evidence", "Requirement").objects.filter(kind=NEW).update(kind=OLD)
    apps.get_model("evidence", "EvidenceFile").objects.filter(role=NEW).update(role=OLD)


class Migration(migrations.Migration):
    dependencies = [("evidence", "0005_requirement_kinds_max_count_recurrence_dismissed")]
    operations = [migrations.RunPython(forwards, backwards)]
