from tests.queries import writes


def test_writes_ignore_only_the_session_renewal():
    queries = [{"sql": 'UPDATE "django_session" SET "expire_date" = %s'}, {"sql": 'SELECT 1 FROM "org_user"'},
               {"sql": 'INSERT INTO "scores_scoresnapshot" ("day") VALUES (%s)'},
               {"sql": 'UPDATE "evidence_submission" SET "updated_at" = %s'},
               {"sql": 'DELETE FROM "audit_auditevent" WHERE 1'}]
    assert writes(queries) == [queries[2]["sql"], queries[3]["sql"], queries[4]["sql"]]
    assert writes(queries, ignore=()) == [queries[0]["sql"], *writes(queries)]
