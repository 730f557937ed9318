# The Excel export is an exports.ExportJob kind now (progress_xlsx); the old jobs are not carried over.

from django.core.files.storage import default_storage
from django.db import migrations


def delete_stored_files(apps, schema_editor):
    """The old jobs' workbooks would stay in storage with nothing pointing at them once the table goes."""
    ExportJob = apps.get_model("scores", "ExportJob")
    jobs = ExportJob.objects.using(schema_editor.connection.alias).exclude(file="")
    for name in jobs.values_list("file", flat=True).iterator():
        default_storage.delete(name)


class Migration(migrations.Migration):

    dependencies = [
        ('scores', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(delete_stored_files, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='ExportJob',
        ),
    ]
