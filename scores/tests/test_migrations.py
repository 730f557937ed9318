import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("scores", "0001_initial")]


@pytest.mark.django_db(transaction=True)  # migrates back and forth
def test_removing_the_old_export_jobs_deletes_their_files(world):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    OldJob = executor.loader.project_state(BEFORE).apps.get_model("scores", "ExportJob")
    name = default_storage.save("exports/2026/11/progress-1-20261101.xlsx", ContentFile(b"PK"))
    OldJob.objects.create(framework_id=world.section.framework_id, created_by_id=world.coordinator.pk, file=name)
    OldJob.objects.create(framework_id=world.section.framework_id, created_by_id=world.coordinator.pk)  # failed
    kept = default_storage.save("exports/2026/11/export-1.docx", ContentFile(b"PK"))  # an exports job's

    executor = MigrationExecutor(connection)  # reloaded: the graph's applied state changed
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert not default_storage.exists(name) and default_storage.exists(kept)
    assert "scores_exportjob" not in connection.introspection.table_names()
